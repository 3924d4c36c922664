package io.ziptrace.reporting;

import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;

/**
 * Which services a reporter carried spans for, so that its close summary says whose spans it
 * sent: a process running several services, each with its own tracer and reporter, otherwise
 * prints several summaries that cannot be told apart. Keeps the first service name and whether any
 * other came; spans of one tracer share one endpoint, so the common case costs a volatile read
 * and a reference comparison per span.
 */
final class ReportingServices {
  private volatile String first;
  private volatile boolean others;

  /** Notes the service that recorded {@code span}, if it names one. */
  void saw(FinishedSpan span) {
    Endpoint local = span.localEndpoint();
    String name = local == null ? null : local.serviceName();
    String known = first;
    if (name == known || others || name == null || name.equals(known)) return;
    noteNew(name);
  }

  private synchronized void noteNew(String name) {
    if (first == null) {
      first = name;
    } else if (!first.equals(name)) {
      others = true;
    }
  }

  /** {@code service_a}, {@code service_a and other services}, or null when no span named one. */
  String describe() {
    String known = first;
    if (known == null) return null;
    return others ? known + " and other services" : known;
  }
}
