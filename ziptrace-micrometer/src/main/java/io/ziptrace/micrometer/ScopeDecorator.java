package io.ziptrace.micrometer;

import io.ziptrace.TraceContext;

/**
 * Runs when the context current on a thread changes, e.g. to copy its ids into a logging MDC.
 * Called on the thread whose current context changes; must be fast and must not throw (an
 * exception is caught and ignored, so that tracing never breaks the traced code).
 */
@FunctionalInterface
public interface ScopeDecorator {

  /**
   * Called when {@code context} becomes current on this thread; {@code null} when nothing is
   * current any more. Returns what to undo when that scope closes, or {@link Undo#NOTHING}.
   *
   * <p>When the current context is replaced in place (Micrometer's deprecated {@code
   * Baggage.set}), this is called again with the new context and the returned {@link Undo} is
   * not run: the {@code Undo} of the scope that opened first must restore everything this
   * decorator manages.
   */
  Undo decorate(TraceContext context);

  /** Reverts a {@link #decorate} when its scope closes. */
  @FunctionalInterface
  interface Undo {
    /** An undo that does nothing. */
    Undo NOTHING = () -> { };

    /** Restores what {@link ScopeDecorator#decorate} changed. Must not throw. */
    void undo();
  }
}
