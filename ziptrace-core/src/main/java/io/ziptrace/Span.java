package io.ziptrace;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One timed operation in a trace. Get one from {@link Tracer}, give it a name and kind, {@link
 * #start()} it, and {@link #finish()} it (or let try-with-resources close it):
 *
 * <pre>{@code
 * try (Span span = tracer.newTrace().name("Slow SQL").kind(Kind.CLIENT).start()) {
 *   span.tag("db.system", "postgresql");
 *   try {
 *     runQuery();
 *   } catch (Exception e) {
 *     span.error(e); // try-with-resources alone records no exception
 *     throw e;
 *   }
 * }
 * }</pre>
 *
 * <p>An unsampled span is a no-op ({@link #isNoop()}) with the same API and still a {@link
 * #context()}, so user code never branches on sampling and propagation continues.
 *
 * <p>Methods never throw. Misuse (modifying or finishing a finished span, {@code null}
 * arguments) is ignored and counted in {@link Tracer#ignoredMisuseCount()}. A span may be
 * finished on a different thread from the one that started it.
 */
public interface Span extends AutoCloseable {
  /**
   * The longest name, tag key or value, or annotation a span keeps, in chars (16,384); longer
   * ones are cut to this length, so a huge value cannot make a span too large to send.
   */
  int MAX_STRING_LENGTH = 16_384;

  /** This span's identity, to create children or propagate to another process. */
  TraceContext context();

  /** True when this span records nothing (its trace is not sampled). */
  boolean isNoop();

  /** Sets the span name, e.g. {@code GET /users/{id}}. Zipkin lowercases it on storage. */
  Span name(String name);

  /** Sets the span kind; leave unset for a local (in-process) operation. */
  Span kind(Kind kind);

  /** Sets the tag {@code key} to {@code value}, replacing an earlier value of the same key. */
  Span tag(String key, String value);

  /** Adds an event timestamped now. */
  Span annotate(String value);

  /** Adds an event at {@code epochMicros} (microseconds since the epoch). */
  Span annotate(long epochMicros, String value);

  /** Sets the remote peer of this span. */
  Span remoteEndpoint(Endpoint endpoint);

  /**
   * Records a failure as the {@code error} tag: the exception's message, or its class name when
   * the message is empty. Exceptions of types the tracer ignores are not recorded.
   */
  Span error(Throwable error);

  /** Starts the span now. Calling it again is ignored. */
  Span start();

  /** Starts the span at {@code epochMicros}. */
  Span start(long epochMicros);

  /** Finishes the span now and hands it to the reporter. Later calls are ignored. */
  void finish();

  /**
   * Finishes the span at {@code epochMicros}; the duration is at least 1 µs. A time that is not
   * positive is a mistake: the span finishes now instead, and the mistake is counted in {@link
   * Tracer#ignoredMisuseCount()}.
   */
  void finish(long epochMicros);

  /** Discards the span without reporting it, e.g. when the operation turned out not to happen. */
  void abandon();

  /**
   * Same as {@link #finish()}, so that try-with-resources finishes the span. It cannot see an
   * exception that ended the try block, so it records none: call {@link #error} in a {@code
   * catch} inside the block, or use {@link #startAround}, which tags a failure itself.
   */
  @Override
  default void close() {
    finish();
  }

  /**
   * Returns an unstarted child of this span, sharing its trace and sampling decision. The child
   * of a no-op span is a no-op.
   */
  Span newChild(String name);

  /**
   * Starts this span (unless already started), calls {@code call}, and finishes the span when the
   * returned stage completes, tagging {@code error} if it completes exceptionally. No
   * thread-local is involved: the span follows the future, whichever thread completes it.
   *
   * <p>If {@code call} throws or returns {@code null}, the span is finished (with the error) and
   * the exception is rethrown (a {@code null} result gives a {@link NullPointerException}).
   * Cancelling the returned future does not cancel the original stage.
   *
   * @return a future completed with the original stage's outcome after the span finished
   */
  default <T> CompletableFuture<T> startAround(Supplier<? extends CompletionStage<T>> call) {
    start();
    CompletionStage<T> stage;
    try {
      stage = call.get();
    } catch (RuntimeException | Error e) {
      error(e);
      finish();
      throw e;
    }
    if (stage == null) {
      NullPointerException npe = new NullPointerException("the traced call returned a null CompletionStage");
      error(npe);
      finish();
      throw npe;
    }
    return stage
        .whenComplete(
            (value, failure) -> {
              if (failure != null) error(SpanErrors.unwrap(failure));
              finish();
            })
        .toCompletableFuture();
  }
}
