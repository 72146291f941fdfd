// Greets whoever the request names: {"name": "World"} -> {"message": "Hello, World!"}.
exports.handle = async (req, ctx) => {
  const name = (req && typeof req === 'object' && req.name) || 'World';
  console.log('greeting', name, 'on', ctx.method, ctx.path);
  return { message: `Hello, ${name}!` };
};
