package io.ziptrace.http.jdk;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The warning that {@link TracingFilter#span} was asked for the span of a request whose context
 * has no {@link TracingFilter}, so that request is not traced: logged once per context path,
 * since each such context needs its own fix, and never again for that path.
 */
final class UntracedContextLog {
  private static final System.Logger LOG = System.getLogger(TracingFilter.class.getName());

  private final int maxPaths;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /**
   * Warns about at most {@code maxPaths} context paths: they are the application's own, and the
   * bound keeps the memory fixed whatever it does.
   */
  UntracedContextLog(int maxPaths) {
    this.maxPaths = maxPaths;
  }

  /** Warns about the context at {@code path}, unless it was warned about already. */
  void warnOnce(String path) {
    if (warned.size() >= maxPaths || !warned.add(path)) return;
    LOG.log(Level.WARNING, "TracingFilter.span(exchange) was called for a request of context " + path
        + ", which has no TracingFilter: it returns a no-op span, and that context's requests are not traced."
        + " Add the filter to its filters, e.g. server.createContext(\"" + path + "\", handler).getFilters()"
        + ".add(TracingFilter.create(tracer)). Logged once per context path.");
  }
}
