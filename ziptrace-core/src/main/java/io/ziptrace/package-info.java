/**
 * The tracing API: {@link io.ziptrace.Tracer} creates {@link io.ziptrace.Span}s, whose {@link
 * io.ziptrace.TraceContext} is passed explicitly wherever work continues, and hands each {@link
 * io.ziptrace.FinishedSpan} to a {@link io.ziptrace.Reporter}. Header formats, samplers, encoders
 * and the Zipkin reporter live in the sibling packages.
 *
 * <p>Nullness: parameters are non-null unless documented. Builders reject {@code null} with a
 * {@link NullPointerException}; spans and the tracer's span-starting methods never throw, and
 * ignore and count a {@code null} argument as misuse ({@link
 * io.ziptrace.Tracer#ignoredMisuseCount()}). In particular, a {@code null} where a parent or
 * incoming context is expected is a caller's mistake: it never throws; the work is traced as a
 * new trace, decided by the sampler (as if nothing was propagated), and the mistake is counted
 * there. Methods return {@code null} only where documented,
 * e.g. {@link io.ziptrace.FinishedSpan#name()}, {@link io.ziptrace.TraceContext#sampled()} and
 * the address accessors of {@link io.ziptrace.Endpoint}.
 */
package io.ziptrace;
