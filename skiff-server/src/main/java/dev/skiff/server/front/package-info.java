/**
 * The front door: the listening socket ({@code FrontServer}, one {@code FrontVerticle} per core), the
 * first handler of every request ({@code Front}), the invocation fast path in each connection's Netty
 * pipeline ({@code PipelineInvoker}) and its Vert.x twin ({@code InvokeHandler}). It reads a request,
 * answers invocations through the data plane and hands everything else to the API's router.
 * A function that requires a token ({@code auth: token}) is answered only for a caller with one.
 * May use: dataplane, serving (a revision's size limit), errors, auth (callers' tokens), skiff-core.
 */
package dev.skiff.server.front;
