/**
 * The messaging tracing layer that broker adapters share: {@link
 * io.ziptrace.messaging.MessagingTracing} starts, names and tags PRODUCER, CONSUMER and
 * processing spans over an adapter's thin {@link io.ziptrace.messaging.MessageInfo} view, so that
 * every broker agrees on parents, sampling ({@link io.ziptrace.messaging.MessageSampler}) and the
 * broker's remote service, while each keeps its own tag names ({@link
 * io.ziptrace.messaging.MessageParser}). Reading and writing the trace context in message headers
 * stays with the adapter, which knows its broker's headers, through {@code io.ziptrace.propagation}.
 *
 * <p>Nullness: parameters are non-null unless documented; methods never return {@code null}
 * unless documented.
 */
package io.ziptrace.messaging;
