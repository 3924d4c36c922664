package io.ziptrace.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Garbage-collection pauses, in wall-clock time so that both processes' line up: this JVM's, from
 * the platform's GC notifications, and a Zipkin server's, from the log its JVM writes with
 * {@code -Xlog:gc:file=...:time} (unified logging, one line per pause ending in its duration).
 */
final class GcPauses {
  /** One pause: when it started (epoch milliseconds) and how long it took. */
  record Pause(long startEpochMillis, double millis, String what) {}

  private static final Pattern LOG_LINE = Pattern.compile("^\\[([^\\]]+)\\].*?(Pause [^0-9]*?)\\s.*?([0-9.]+)ms$");
  private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  private GcPauses() {}

  /** The JVM option that makes a child JVM log its pauses to {@code file} as {@link #fromLog} reads them. */
  static String logOption(Path file) {
    return "-Xlog:gc:file=" + file + ":time";
  }

  /** The pauses in a log written with {@link #logOption}; the time of a line is when its pause ended. */
  static List<Pause> fromLog(Path file) throws IOException {
    List<Pause> pauses = new ArrayList<>();
    if (!Files.exists(file)) return pauses;
    for (String line : Files.readAllLines(file)) {
      Matcher m = LOG_LINE.matcher(line.trim());
      if (!m.find()) continue;
      double millis = Double.parseDouble(m.group(3));
      long end = OffsetDateTime.parse(m.group(1), LOG_TIME).toInstant().toEpochMilli();
      pauses.add(new Pause(end - Math.round(millis), millis, m.group(2).trim()));
    }
    return pauses;
  }

  /** Records this JVM's collections from now on, until the returned list is no longer needed. */
  static ConcurrentLinkedQueue<Pause> recordThisJvm() {
    ConcurrentLinkedQueue<Pause> pauses = new ConcurrentLinkedQueue<>();
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    NotificationListener listener = (notification, handback) -> {
      if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) return;
      GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
      pauses.add(new Pause(jvmStart + info.getGcInfo().getStartTime(), info.getGcInfo().getDuration(),
          info.getGcName() + " " + info.getGcAction()));
    };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
    }
    return pauses;
  }
}
