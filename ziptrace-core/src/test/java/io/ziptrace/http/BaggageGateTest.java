package io.ziptrace.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.Tracer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A baggage predicate that throws refuses, counts each failure, and says so in the log once. */
class BaggageGateTest {
  final Logger logger = Logger.getLogger(BaggageGate.class.getName());
  final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  final Tracer tracer = Tracer.builder().build();
  final HttpRequestInfo request = TestRequests.from(new InetSocketAddress("10.0.0.1", 4000));

  @BeforeEach
  void listen() {
    logger.addHandler(handler);
  }

  @AfterEach
  void stopListening() {
    logger.removeHandler(handler);
  }

  @Test
  void aThrowingPredicateRefusesEveryTime_countsEachFailure_andIsLoggedOnceWithItsCause() {
    BaggageGate gate = new BaggageGate(r -> { throw new IllegalStateException("predicate bug"); }, "acceptBaggageFrom", tracer);

    assertThat(gate.allows(request)).isFalse();
    assertThat(gate.allows(request)).isFalse();
    assertThat(gate.allows(request)).isFalse();

    assertThat(tracer.ignoredMisuseCount()).isEqualTo(3);
    assertThat(logged).singleElement().satisfies(record -> {
      assertThat(record.getMessage()).startsWith("acceptBaggageFrom threw");
      assertThat(record.getThrown()).hasMessage("predicate bug");
    });
  }

  @Test
  void aPredicateDecidesWhenItAnswers() {
    assertThat(new BaggageGate(r -> true, "sendBaggageTo", tracer).allows(request)).isTrue();
    assertThat(new BaggageGate(r -> false, "sendBaggageTo", tracer).allows(request)).isFalse();
    assertThat(tracer.ignoredMisuseCount()).isZero();
    assertThat(logged).isEmpty();
  }
}
