package io.ziptrace.http;

import io.ziptrace.Tracer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * A user's predicate deciding, per request, whether baggage crosses a boundary ({@code
 * sendBaggageTo} on clients, {@code acceptBaggageFrom} on servers). A predicate that throws
 * refuses: the values stay on their side. Each failure counts as misuse, and the first is logged
 * with its stack trace, so that a broken predicate silently dropping every request's baggage
 * shows in the logs once rather than on every request.
 */
final class BaggageGate {
  private static final System.Logger LOG = System.getLogger(BaggageGate.class.getName());

  private final Predicate<HttpRequestInfo> predicate;
  private final String setting;
  private final Tracer tracer;
  private final AtomicBoolean warned = new AtomicBoolean();

  BaggageGate(Predicate<HttpRequestInfo> predicate, String setting, Tracer tracer) {
    this.predicate = predicate;
    this.setting = setting;
    this.tracer = tracer;
  }

  /** Whether {@code request}'s baggage may cross; false when the predicate throws. */
  boolean allows(HttpRequestInfo request) {
    try {
      return predicate.test(request);
    } catch (RuntimeException e) {
      tracer.countMisuse();
      if (warned.compareAndSet(false, true)) {
        LOG.log(System.Logger.Level.WARNING, setting + " threw, so the request's baggage was kept back; it will be for"
            + " every request on which it throws (counted in Tracer.ignoredMisuseCount(), logged only this once)", e);
      }
      return false; // when in doubt, keep the values on their side
    }
  }
}
