/**
 * Deciding which new traces are recorded: {@link io.ziptrace.sampling.Sampler} with its always,
 * never, ratio and rate-limited forms. A sampler is consulted only where a trace starts without
 * an incoming decision; the decision then travels with the {@link io.ziptrace.TraceContext}.
 *
 * <p>Nullness: there are no nullable parameters or results in this package.
 */
package io.ziptrace.sampling;
