package io.ziptrace.micrometer;

import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.TraceContext;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * The context current on each thread, in a thread local of this instance. A scope restores, when
 * closed, whatever was current when it opened (not "the one below on a stack"), so a scope closed
 * out of order cannot corrupt later state; when that is nothing, the thread local is removed, so
 * pooled and virtual threads keep nothing.
 */
final class ZiptraceCurrentTraceContext implements CurrentTraceContext {
  private final ThreadLocal<ZiptraceTraceContext> current = new ThreadLocal<>();
  private final ScopeDecorator[] decorators;

  ZiptraceCurrentTraceContext(List<ScopeDecorator> decorators) {
    this.decorators = decorators.toArray(new ScopeDecorator[0]);
  }

  @Override
  public ZiptraceTraceContext context() {
    return current.get();
  }

  @Override
  public Scope newScope(TraceContext context) {
    return open(ZiptraceTraceContext.of(context));
  }

  @Override
  public Scope maybeScope(TraceContext context) {
    ZiptraceTraceContext next = ZiptraceTraceContext.of(context);
    ZiptraceTraceContext previous = current.get();
    if (previous == null ? next == null : previous.equals(next)) return Scope.NOOP;
    return open(next);
  }

  /** Makes {@code next} (null: nothing) current until the returned scope closes. */
  Scope open(ZiptraceTraceContext next) {
    ZiptraceTraceContext previous = current.get();
    set(next);
    return new RevertingScope(previous, decorate(next));
  }

  /**
   * Replaces the current context without a new scope (Micrometer's deprecated in-place baggage
   * update): lasts until the enclosing scope closes. Does nothing when nothing is current.
   */
  void replace(ZiptraceTraceContext changed) {
    if (current.get() == null) return;
    current.set(changed);
    decorate(changed);
  }

  private void set(ZiptraceTraceContext context) {
    if (context == null) {
      current.remove();
    } else {
      current.set(context);
    }
  }

  private ScopeDecorator.Undo decorate(ZiptraceTraceContext context) {
    if (decorators.length == 0) return ScopeDecorator.Undo.NOTHING;
    io.ziptrace.TraceContext delegate = context == null ? null : context.delegate;
    if (decorators.length == 1) return decorateSafely(decorators[0], delegate);
    ScopeDecorator.Undo[] undos = new ScopeDecorator.Undo[decorators.length];
    for (int i = 0; i < decorators.length; i++) undos[i] = decorateSafely(decorators[i], delegate);
    return () -> {
      for (int i = undos.length - 1; i >= 0; i--) undoSafely(undos[i]);
    };
  }

  private static ScopeDecorator.Undo decorateSafely(ScopeDecorator decorator, io.ziptrace.TraceContext context) {
    try {
      ScopeDecorator.Undo undo = decorator.decorate(context);
      return undo == null ? ScopeDecorator.Undo.NOTHING : undo;
    } catch (RuntimeException | LinkageError ignored) {
      return ScopeDecorator.Undo.NOTHING;
    }
  }

  private static void undoSafely(ScopeDecorator.Undo undo) {
    try {
      undo.undo();
    } catch (RuntimeException | LinkageError ignored) {
      // A decorator must not break the traced code.
    }
  }

  @Override
  public <C> Callable<C> wrap(Callable<C> task) {
    ZiptraceTraceContext captured = current.get();
    return () -> {
      try (Scope scope = maybeScope(captured)) {
        return task.call();
      }
    };
  }

  @Override
  public Runnable wrap(Runnable task) {
    ZiptraceTraceContext captured = current.get();
    return () -> {
      try (Scope scope = maybeScope(captured)) {
        task.run();
      }
    };
  }

  @Override
  public Executor wrap(Executor executor) {
    return task -> executor.execute(wrap(task));
  }

  @Override
  public ExecutorService wrap(ExecutorService executor) {
    return new ContextExecutorService(this, executor);
  }

  @Override
  public String toString() {
    return "ZiptraceCurrentTraceContext{" + current.get() + "}";
  }

  /** Restores what was current when it opened; closing twice does nothing more. */
  private final class RevertingScope implements Scope {
    private final ZiptraceTraceContext previous;
    private final ScopeDecorator.Undo undo;
    private boolean closed;

    RevertingScope(ZiptraceTraceContext previous, ScopeDecorator.Undo undo) {
      this.previous = previous;
      this.undo = undo;
    }

    @Override
    public void close() {
      if (closed) return;
      closed = true;
      undoSafely(undo);
      set(previous);
    }
  }
}
