// The answer deadline of every request: a request not answered within `timeoutMs` of its
// arrival gets 503 request_timeout (through the app's error handler, as FST_ERR_HANDLER_TIMEOUT),
// and the handler's late result is dropped. It replaces fastify's own `handlerTimeout`, which
// gives every request an AbortController and aborts it when the request closes, answered or
// not: a DOMException with a stack trace per request, about 4 % of the main thread's time at
// 2,000 entries/s (benchmarks/README.md, HTTP). Here a request costs one timer, cleared when
// its answer is sent. Nothing in Folio reads `request.signal`, the one thing this drops.
import {
  errorCodes,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import fp from "fastify-plugin";

export interface HandlerTimeoutOptions {
  /** A request is answered within this, ms, or answered 503 request_timeout. */
  readonly timeoutMs: number;
}

declare module "fastify" {
  interface FastifyRequest {
    /** The deadline's timer, cleared once the answer is sent. */
    answerDeadline: NodeJS.Timeout | null;
  }
}

/** The deadline passed: answer 503 unless the answer has started (or the client left). */
function expire(request: FastifyRequest, reply: FastifyReply, timeoutMs: number): void {
  request.answerDeadline = null;
  if (reply.sent || reply.raw.destroyed) return;
  const error = new errorCodes.FST_ERR_HANDLER_TIMEOUT(timeoutMs, request.routeOptions.url);
  if (reply.raw.headersSent) {
    // A stream already started: an error answer cannot follow it; cut the response off.
    reply.raw.destroy(error);
    return;
  }
  void reply.send(error);
}

const handlerTimeout: FastifyPluginAsync<HandlerTimeoutOptions> = (app, { timeoutMs }) => {
  app.decorateRequest("answerDeadline", null);
  app.addHook("onRequest", (request, reply, done) => {
    const timer = setTimeout(expire, timeoutMs, request, reply, timeoutMs);
    // A request whose client left never answers: its timer must not hold the process open.
    timer.unref();
    request.answerDeadline = timer;
    done();
  });
  app.addHook("onResponse", (request, _reply, done) => {
    if (request.answerDeadline !== null) clearTimeout(request.answerDeadline);
    request.answerDeadline = null;
    done();
  });
  return Promise.resolve();
};

/** Registered through fastify-plugin so its hooks cover every route of the app. */
export const handlerTimeoutPlugin = fp(handlerTimeout, {
  name: "folio-handler-timeout",
  fastify: "5.x",
});
