package io.ziptrace.reporting;

import static io.ziptrace.reporting.DelivererLogTest.batch;
import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.encoding.Encoding;
import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import zipkin2.codec.SpanBytesDecoder;

/**
 * The reporter writes each message into its thread's buffer, reusing the array only after the
 * sender returned normally: a sender that threw may still be reading it.
 */
class MessageReuseTest {
  final ReporterMetrics metrics = new ReporterMetrics(() -> 0, () -> 0);
  final DeliveryPipeline pending = new DeliveryPipeline(100, 1_000_000, Encoding.JSON, 500_000, 0);
  final ReporterLog log = new ReporterLog("the collector", metrics, 0, System::nanoTime, (level, line) -> { });
  final MessageBuffer buffer = new MessageBuffer(500_000);

  /** A JSON sender whose two-argument send the reporter must not call, unless overridden. */
  abstract static class JsonSender implements Sender {
    @Override
    public Encoding encoding() {
      return Encoding.JSON;
    }

    @Override
    public int messageMaxBytes() {
      return 500_000;
    }

    @Override
    public void send(byte[] message, int spanCount) throws IOException {
      throw new AssertionError("the reporter calls send(buffer, length, spanCount)");
    }

    @Override
    public void close() {}
  }

  /** Overrides the three-argument send, as a sender that sends without copying does. */
  static final class BufferSender extends JsonSender {
    final List<byte[]> arrays = new ArrayList<>();
    final List<String> messages = new ArrayList<>();
    final Deque<IOException> failures = new ArrayDeque<>();

    @Override
    public void send(byte[] buffer, int length, int spanCount) throws IOException {
      arrays.add(buffer);
      List<zipkin2.Span> spans = SpanBytesDecoder.JSON_V2.decodeList(Arrays.copyOf(buffer, length));
      assertThat(spans).hasSize(spanCount);
      messages.add(spans.stream().map(zipkin2.Span::name).collect(Collectors.joining(",")));
      IOException failure = failures.poll();
      if (failure != null) throw failure;
    }
  }

  Deliverer deliverer(Sender sender) {
    return new Deliverer(sender, 500_000, java.time.Duration.ofMinutes(1), pending, metrics, log);
  }

  @Test
  void delivered_messagesShareOneArray_eachReadOnlyToItsLength() {
    BufferSender sender = new BufferSender();
    Deliverer deliverer = deliverer(sender);

    deliverer.deliver(batch(3), buffer);
    deliverer.deliver(batch(1), buffer); // shorter: the first message's tail stays in the array
    deliverer.deliver(batch(2), buffer);

    assertThat(sender.arrays).hasSize(3);
    assertThat(sender.arrays.get(1)).isSameAs(sender.arrays.get(0));
    assertThat(sender.arrays.get(2)).isSameAs(sender.arrays.get(0));
    assertThat(sender.messages).containsExactly(
        "span 000001,span 000002,span 000003", "span 000001", "span 000001,span 000002");
    assertThat(metrics.spansSent()).isEqualTo(6);
  }

  @Test
  void afterAFailedSend_theArrayIsNotWrittenAgain() {
    BufferSender sender = new BufferSender();
    sender.failures.add(new ConnectException("refused"));
    Deliverer deliverer = deliverer(sender);

    deliverer.deliver(batch(3), buffer); // fails once, then is delivered
    byte[] failed = sender.arrays.get(0);
    byte[] failedBytes = failed.clone();
    deliverer.deliver(batch(2), buffer);
    deliverer.deliver(batch(1), buffer);

    assertThat(sender.arrays.get(1)).as("the retry resends the same bytes").isSameAs(failed);
    assertThat(sender.arrays.get(2)).isNotSameAs(failed);
    assertThat(sender.arrays.get(3)).isSameAs(sender.arrays.get(2));
    assertThat(failed).as("a request still reading it sees its own message").isEqualTo(failedBytes);
    assertThat(metrics.spansSent()).isEqualTo(6);
  }

  @Test
  void splitHalvesAreWrittenIntoNewArrays() {
    FakeSender sender = new FakeSender(500_000).rejecting(s -> s.name().equals("span 000004"));
    List<byte[]> arrays = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    Sender recording = new JsonSender() {
      @Override
      public void send(byte[] buffer, int length, int spanCount) throws IOException {
        arrays.add(buffer);
        contents.add(Arrays.copyOf(buffer, length));
        sender.send(Arrays.copyOf(buffer, length), spanCount);
      }
    };

    deliverer(recording).deliver(batch(4), buffer);

    // 1-4 refused: 1-2 delivered, 3-4 refused, then 3 delivered and 4 refused alone
    assertThat(arrays).hasSize(5);
    byte[] first = arrays.get(0);
    byte[] afterFirstFailure = arrays.get(1);
    byte[] afterSecondFailure = arrays.get(3);
    assertThat(afterFirstFailure).isNotSameAs(first);
    assertThat(arrays.get(2)).as("reused: 1-2 was delivered").isSameAs(afterFirstFailure);
    assertThat(afterSecondFailure).isNotSameAs(first).isNotSameAs(afterFirstFailure);
    assertThat(arrays.get(4)).as("reused: 3 was delivered").isSameAs(afterSecondFailure);
    assertThat(Arrays.copyOf(first, contents.get(0).length)).isEqualTo(contents.get(0));
    assertThat(Arrays.copyOf(afterFirstFailure, contents.get(2).length)).isEqualTo(contents.get(2));
    assertThat(sender.accepted()).extracting(zipkin2.Span::name)
        .containsExactly("span 000001", "span 000002", "span 000003");
    assertThat(metrics.spansDropped(DropReason.REJECTED)).isEqualTo(1);
  }

  @Test
  void aSenderOfWholeArraysGetsACopyItMayKeep() {
    List<byte[]> kept = new ArrayList<>();
    Sender keeping = new JsonSender() {
      @Override
      public void send(byte[] message, int spanCount) {
        kept.add(message);
      }
    };
    Deliverer deliverer = deliverer(keeping);

    deliverer.deliver(batch(3), buffer);
    deliverer.deliver(batch(1), buffer);

    assertThat(SpanBytesDecoder.JSON_V2.decodeList(kept.get(0))).hasSize(3);
    assertThat(SpanBytesDecoder.JSON_V2.decodeList(kept.get(1))).hasSize(1);
  }
}
