/**
 * Writing {@link io.ziptrace.FinishedSpan}s in the wire formats of Zipkin's v2 span API, JSON
 * and proto3, straight into byte arrays: get a writer with {@link
 * io.ziptrace.encoding.SpanEncoder#of}. Decoding is not provided. The byte-level helpers these
 * writers share are in {@code io.ziptrace.internal}, which is not API.
 *
 * <p>Nullness: parameters are non-null and methods never return {@code null}; the {@code null}
 * fields of a span (no name, no remote endpoint) are omitted from the output.
 */
package io.ziptrace.encoding;
