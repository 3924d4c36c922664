/**
 * The Micrometer Tracing bridge: Micrometer's {@code Tracer}, {@code Propagator}, baggage and
 * span-export SPI implemented over a ziptrace {@link io.ziptrace.Tracer}.
 *
 * <p>ziptrace itself passes trace contexts explicitly; Micrometer has a "current span" per
 * thread. This package keeps that current context in a thread local of its own ({@link
 * io.ziptrace.micrometer.ZiptraceMicrometer#currentTraceContext()}), with scopes that restore
 * what was current before them when closed. {@link io.ziptrace.micrometer.ScopeDecorator}s see
 * each change of the current context, e.g. {@link io.ziptrace.micrometer.MdcScopeDecorator}
 * which writes the ids into the logging MDC.
 */
package io.ziptrace.micrometer;
