def handle(req):
    """Greets whoever the request names: {"name": "World"} -> {"message": "Hello, World!"}."""
    name = req.get("name", "World") if isinstance(req, dict) else "World"
    print("greeting", name)
    return {"message": "Hello, " + name + "!"}
