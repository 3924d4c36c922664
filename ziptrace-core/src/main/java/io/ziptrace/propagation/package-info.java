/**
 * Reading and writing trace context in request headers: B3 (multi and single header), W3C
 * {@code traceparent} with {@code tracestate}, several at once with {@link
 * io.ziptrace.propagation.CompositePropagation}, and B3 carrying a trace's {@code tracestate}
 * beside it for messages ({@link io.ziptrace.propagation.B3Propagation#withTraceState()}); {@link
 * io.ziptrace.propagation.BaggagePropagation} adds a tracer's declared baggage fields (the W3C
 * {@code baggage} header and fields' own headers) to any of them. {@link
 * io.ziptrace.propagation.HeaderGetter} and {@link io.ziptrace.propagation.HeaderSetter} adapt any
 * framework's request type without copying; a getter that keeps repeated headers apart gives
 * them all through {@code getAll}.
 *
 * <p>Nullness: parameters are non-null. A getter returns {@code null} for an absent header;
 * extraction never returns {@code null} and never throws, returning {@link
 * io.ziptrace.IncomingContext#EMPTY} for absent or malformed input.
 */
package io.ziptrace.propagation;
