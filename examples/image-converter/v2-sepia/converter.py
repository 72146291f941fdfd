"""Revision 2 of the image converter: black and white and sepia versions, zipped together."""
import io
import zipfile

from PIL import Image, ImageOps

SEPIA_DARK = (112, 66, 20)
SEPIA_LIGHT = (255, 240, 192)


def sepia(image):
    """A sepia-toned copy: the grey levels mapped from a dark brown to a light cream."""
    return ImageOps.colorize(image.convert("L"), black=SEPIA_DARK, white=SEPIA_LIGHT)


def png(image):
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def handler(event, context):
    body = event['extensions']['request'].body
    if not body:
        return {"error": "NoImage", "message": "POST an image (PNG, JPEG, GIF...) as the request body"}, 400
    try:
        image = Image.open(io.BytesIO(body))
        image.load()
    except Exception as e:  # Pillow raises several types for bytes that are no image
        return {"error": "NotAnImage", "message": "the body is not an image Pillow can read: %s" % e}, 400
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bw.png", png(image.convert("L")))
        z.writestr("sepia.png", png(sepia(image)))
    print("converted %dx%d image to black and white and sepia" % image.size)
    return archive.getvalue(), 200, {"Content-Type": "application/zip", "X-Converter": "sepia+zip"}
