package io.ziptrace.benchmarks;

import io.ziptrace.FinishedSpan;
import io.ziptrace.Tracer;
import io.ziptrace.encoding.Encoding;
import io.ziptrace.encoding.SpanEncoder;
import io.ziptrace.reporting.http.HttpSender;
import io.ziptrace.testing.InMemoryReporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Spans POSTed to a collector as fast as it answers, from several connections at once, as one
 * JSON message encoded up front: what the collector accepts this way is the most any client can
 * deliver to it, encoding and queueing cost nothing here.
 *
 * <p>The spans are the ones the contenders make ({@link Fixtures#finishSpan(Tracer)}, from a
 * real tracer), and every POST carries new spans, as a tracer's would: before each, the
 * connection's copy of the message gets random trace and span ids and timestamps of now. A
 * Zipkin sent the same spans again stores less, and one sent sequential ids stores them faster
 * than random ones (measured: about 1.3x the spans per second); the first version of this
 * benchmark did both, and its ceiling was twice too high.
 */
final class PreEncodedLoad {
  private static final byte[] TRACE_ID_FIELD = "\"traceId\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ID_FIELD = "\"id\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TIMESTAMP_FIELD = "\"timestamp\":".getBytes(StandardCharsets.US_ASCII);
  /** Epoch microseconds have 16 digits until the year 2286. */
  private static final int TIMESTAMP_DIGITS = 16;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final byte[] message;
  private final int spansPerMessage;
  /** Where the last 16 hex digits of each span's trace id start in the message. */
  private final int[] traceIdOffsets;
  /** Where each span's id starts in the message. */
  private final int[] spanIdOffsets;
  /** Where each timestamp (the span's, then its annotation's) starts in the message. */
  private final int[] timestampOffsets;

  /** Whether each span gets its own microsecond timestamp, rather than one per message. */
  private final boolean timestampPerSpan;

  /** One message of the contenders' spans, as many as fit in {@code messageMaxBytes}. */
  PreEncodedLoad(int messageMaxBytes) {
    this(messageMaxBytes, false);
  }

  /**
   * As {@link #PreEncodedLoad(int)}; with {@code timestampPerSpan}, the spans of a message are
   * 20 µs apart, as a tracer's are, instead of sharing the millisecond of the POST.
   */
  PreEncodedLoad(int messageMaxBytes, boolean timestampPerSpan) {
    this.timestampPerSpan = timestampPerSpan;
    InMemoryReporter spans = new InMemoryReporter();
    try (Tracer tracer = Tracer.builder().localEndpoint(Fixtures.LOCAL).reporter(spans).build()) {
      SpanEncoder encoder = SpanEncoder.of(Encoding.JSON);
      Fixtures.finishSpan(tracer);
      int count = messageMaxBytes / encoder.sizeInBytes(spans.spans().get(0)) + 1;
      for (int i = 1; i < count; i++) Fixtures.finishSpan(tracer);
      List<FinishedSpan> all = spans.spans();
      byte[] encoded;
      while ((encoded = encoder.encodeList(all.subList(0, count))).length > messageMaxBytes) count--;
      this.message = encoded;
      this.spansPerMessage = count;
      this.traceIdOffsets = offsetsAfter(encoded, TRACE_ID_FIELD, count);
      for (int i = 0; i < count; i++) { // a 128-bit id has 32 digits: renumber its low half
        while (encoded[traceIdOffsets[i] + 16] != '"') traceIdOffsets[i]++;
      }
      this.spanIdOffsets = offsetsAfter(encoded, ID_FIELD, count);
      this.timestampOffsets = offsetsAfter(encoded, TIMESTAMP_FIELD, count * 2);
    }
  }

  /** Where the value after each of the {@code expected} occurrences of {@code field} starts. */
  private static int[] offsetsAfter(byte[] message, byte[] field, int expected) {
    int[] offsets = new int[expected];
    int found = 0;
    for (int i = 0; i < message.length && found < expected; i++) {
      if (startsWith(message, i, field)) offsets[found++] = i + field.length;
    }
    if (found != expected) throw new IllegalStateException("found " + found + " of " + expected + " fields");
    return offsets;
  }

  private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
    if (at + prefix.length > bytes.length) return false;
    for (int i = 0; i < prefix.length; i++) if (bytes[at + i] != prefix[i]) return false;
    return true;
  }

  int spansPerMessage() {
    return spansPerMessage;
  }

  int messageBytes() {
    return message.length;
  }

  /**
   * POSTs the message with new ids over {@code connections} connections, each waiting for its
   * answer before the next, for {@code length}, timed by {@code pacing}.
   *
   * <p>The connections share one {@link HttpSender}, as a reporter's concurrent sends do: each POST
   * is an {@code HttpSender.send}, the cheapest way we have to put a message on the wire (HTTP/1.1
   * from the calling thread).
   *
   * @return how many spans the collector answered 2xx for
   */
  long run(String spansUrl, int connections, Duration length, Pacing pacing)
      throws InterruptedException {
    long pauseNanos = pacing.pauseNanos(spansPerMessage);
    long maxBehindNanos = pacing.backlogMessages() * pauseNanos;
    HttpSender sender = HttpSender.builder(spansUrl).messageMaxBytes(Math.max(64, message.length)).build();
    AtomicLong accepted = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    long start = System.nanoTime();
    long end = start + length.toNanos();
    long giveUpAt = end + pacing.grace().toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      Thread thread = new Thread(() -> {
        byte[] own = message.clone();
        for (long due = start; ; due += pauseNanos) {
          long now = System.nanoTime();
          if (pauseNanos == 0) {
            if (now - end >= 0) break;
          } else {
            if (due - end >= 0 || now - giveUpAt >= 0 || now - due > maxBehindNanos) break;
            for (long wait; (wait = due - System.nanoTime()) > 0; ) LockSupport.parkNanos(wait);
          }
          renumber(own);
          try {
            sender.send(own, spansPerMessage); // a refusal is a SendException, an IOException too
            accepted.addAndGet(spansPerMessage);
          } catch (IOException e) {
            failures.incrementAndGet();
          }
        }
      }, "pre-encoded-load-" + c);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) thread.join();
    sender.close();
    if (failures.get() > 0) System.err.println(failures.get() + " POSTs failed at " + connections + " connections");
    return accepted.get();
  }

  /** Gives every span in {@code copy} a new random id (its trace id's low half and its span id) and times of now. */
  private void renumber(byte[] copy) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long now = System.currentTimeMillis() * 1000L;
    for (int span = 0; span < spansPerMessage; span++) {
      long id = random.nextLong() | 1L; // never zero
      writeHex(id, copy, traceIdOffsets[span]);
      writeHex(id, copy, spanIdOffsets[span]);
      long timestamp = timestampPerSpan ? now + span * 20L : now;
      writeDecimal(timestamp, copy, timestampOffsets[2 * span]);
      writeDecimal(timestamp + 1, copy, timestampOffsets[2 * span + 1]); // the annotation, inside the span
    }
  }

  private static void writeHex(long value, byte[] out, int at) {
    for (int i = 15; i >= 0; i--, value >>>= 4) out[at + i] = HEX[(int) (value & 0xf)];
  }

  private static void writeDecimal(long value, byte[] out, int at) {
    for (int i = TIMESTAMP_DIGITS - 1; i >= 0; i--, value /= 10) out[at + i] = (byte) ('0' + value % 10);
  }
}
