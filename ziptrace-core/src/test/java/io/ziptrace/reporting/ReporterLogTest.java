package io.ziptrace.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReporterLogTest {
  static final long INTERVAL = TimeUnit.SECONDS.toNanos(30);
  static final String URL = "http://127.0.0.1:9411/api/v2/spans";

  final ReporterMetrics metrics = new ReporterMetrics(() -> 0, () -> 0);
  final List<String> lines = new ArrayList<>();
  long now = 1_000;
  final ReporterLog log = new ReporterLog(URL, metrics, INTERVAL, () -> now, (level, line) -> lines.add(level + " " + line));

  void drop(DropReason reason, int spans, String why) {
    metrics.dropped(reason, spans);
    log.dropped(reason, spans, () -> why);
  }

  @Test
  void theNextLineSaysWhatWasDroppedMeanwhileByReason() {
    drop(DropReason.SEND_FAILED, 12, "gave up sending 12 spans");
    now += INTERVAL - 1;
    drop(DropReason.SEND_FAILED, 5, "suppressed");
    drop(DropReason.QUEUE_FULL, 1, "suppressed");
    drop(DropReason.QUEUE_FULL, 1, "suppressed");
    drop(DropReason.SEND_FAILED, 20, "suppressed");
    now += 1;
    drop(DropReason.SEND_FAILED, 3, "gave up sending 3 spans");
    now += INTERVAL;
    drop(DropReason.TOO_LARGE, 1, "dropped a large span");

    assertThat(lines).containsExactly(
        "WARNING gave up sending 12 spans",
        "WARNING gave up sending 3 spans (and 27 more spans dropped since the previous warning: SEND_FAILED 25, QUEUE_FULL 2)",
        "WARNING dropped a large span");
  }

  @Test
  void theFirstDeliveryAfterSuppressedDropsSaysWhatTheOutageCost() {
    drop(DropReason.SEND_FAILED, 9, "gave up sending 9 spans");
    now += TimeUnit.SECONDS.toNanos(5);
    drop(DropReason.SEND_FAILED, 140, "suppressed");
    drop(DropReason.QUEUE_FULL, 1, "suppressed");
    now += TimeUnit.SECONDS.toNanos(9);

    log.delivered();
    log.delivered();

    assertThat(lines).containsExactly(
        "WARNING gave up sending 9 spans",
        "WARNING spans reach " + URL + " again; 141 more spans were dropped since the previous warning"
            + " (SEND_FAILED 140, QUEUE_FULL 1)");
  }

  @Test
  void oneSpanDroppedMeanwhileIsSingular() {
    drop(DropReason.SEND_FAILED, 9, "gave up sending 9 spans");
    now += TimeUnit.SECONDS.toNanos(5);
    drop(DropReason.QUEUE_FULL, 1, "suppressed");
    now += TimeUnit.SECONDS.toNanos(30);

    log.delivered();

    assertThat(lines).containsExactly(
        "WARNING gave up sending 9 spans",
        "WARNING spans reach " + URL + " again; 1 more span was dropped since the previous warning (QUEUE_FULL 1)");
  }

  @Test
  void deliveriesSayNothingWhenEveryDropWasLogged() {
    drop(DropReason.SEND_FAILED, 9, "gave up sending 9 spans");

    log.delivered();

    assertThat(lines).containsExactly("WARNING gave up sending 9 spans");
  }

  @Test
  void closeSummarizesAtWarningWhenSpansWereDropped() {
    reportAndSend(120, 4);
    metrics.dropped(DropReason.SEND_FAILED, 35);
    metrics.dropped(DropReason.QUEUE_FULL, 4);

    log.closed(null);
    log.closed(null);

    assertThat(lines).containsExactly("WARNING ziptrace reporter closed: sent 120 spans in 4 messages to " + URL
        + "; dropped 39 (SEND_FAILED 35, QUEUE_FULL 4)");
  }

  @Test
  void closeSummarizesAtInfoWhenNothingWasDropped() {
    reportAndSend(1, 1);

    log.closed(null);

    assertThat(lines).containsExactly("INFO ziptrace reporter closed: sent 1 span in 1 message to " + URL);
  }

  @Test
  void closeSaysWhoseSpansTheReporterSent() {
    reportAndSend(3, 1);

    log.closed("service_a");

    assertThat(lines).containsExactly("INFO ziptrace reporter closed: service_a sent 3 spans in 1 message to " + URL);
  }

  @Test
  void theFirstSpanReportedAfterCloseIsLoggedWhateverTheInterval_laterOnesAtTheUsualRate() {
    drop(DropReason.SEND_FAILED, 1, "gave up sending 1 span");
    now += 1;

    droppedAfterClose();
    droppedAfterClose(); // within the interval: skipped
    now += INTERVAL;
    droppedAfterClose();

    String line = "WARNING dropped 1 span for " + URL + ": it was reported after close()";
    assertThat(lines).containsExactly("WARNING gave up sending 1 span", line,
        line + " (and 1 more span dropped since the previous warning: CLOSED 1)");
  }

  void droppedAfterClose() {
    metrics.dropped(DropReason.CLOSED, 1);
    log.droppedAfterClose(false);
  }

  @Test
  void closeSaysNothingWhenNothingWasReported() {
    log.closed(null);

    assertThat(lines).isEmpty();
  }

  @Test
  void outageStartsFollowTheSameRule_atMostOncePerInterval_andEachLoggedStartGetsItsEnd() {
    log.retrying(() -> "cannot send yet: refused");
    log.retrying(() -> "not logged: the outage's start is");
    now += TimeUnit.SECONDS.toNanos(2);
    log.delivered();
    log.retrying(() -> "not logged: a start was logged within the interval");
    log.delivered(); // that outage's start was not logged: neither is its end
    now += INTERVAL;
    log.retrying(() -> "cannot send yet: refused again");

    assertThat(lines).containsExactly(
        "WARNING cannot send yet: refused",
        "INFO spans reach " + URL + " again after 2 s; no span was dropped meanwhile",
        "WARNING cannot send yet: refused again");
  }

  @Test
  void lineKindsHaveAnIntervalEach_soADropLineDoesNotHideAnOutageStart() {
    drop(DropReason.QUEUE_FULL, 1, "dropped 1 span: the queue is full");
    log.retrying(() -> "cannot send yet: refused");

    assertThat(lines).containsExactly("WARNING dropped 1 span: the queue is full", "WARNING cannot send yet: refused");
  }

  void reportAndSend(int spans, int messages) {
    for (int i = 0; i < spans; i++) metrics.reported();
    for (int i = 0; i < messages; i++) metrics.sent(i == 0 ? spans - messages + 1 : 1, 100);
  }
}
