/**
 * Delivering finished spans to a collector in the background: {@link
 * io.ziptrace.reporting.AsyncReporter} queues, batches, retries and counts what it drops in
 * {@link io.ziptrace.reporting.ReporterMetrics}; {@link io.ziptrace.reporting.Sender} is the
 * transport SPI it calls. The HTTP transport is in {@code io.ziptrace.reporting.http}; the
 * {@link io.ziptrace.Reporter} interface itself is in {@code io.ziptrace}.
 *
 * <p>Inside, one package-private class schedules the reporter's threads (the delivery pipeline:
 * alike threads that take turns to encode and send concurrently); the queue, the accounting of spans in flight, the
 * measuring, encoding and sending, and the log lines are each a class of their own that takes
 * no part in that scheduling.
 *
 * <p>Nullness: parameters are non-null unless documented ({@code report(null)} is ignored);
 * methods return {@code null} only where documented, e.g. {@link
 * io.ziptrace.reporting.SendException#retryAfter()}.
 */
package io.ziptrace.reporting;
