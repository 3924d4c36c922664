package io.ziptrace.vertx;

/**
 * A span the tracer started for Vert.x, handed back by Vert.x when the call ends: the payload of
 * {@code VertxTracer}. Vert.x ends a request it received and a request it sent through either of
 * {@code sendResponse} and {@code receiveResponse} (the event bus uses both), so each call knows
 * how to end itself.
 */
interface TracedCall {
  /**
   * Records how the call ended and finishes its span. Never throws.
   *
   * @param response what Vert.x passed as the response (a server response, a client response,
   *     a reply message), or null
   * @param responseTags Vert.x's description of the response
   * @param failure the failure, or null
   */
  void end(Object response, VertxTags responseTags, Throwable failure);
}
