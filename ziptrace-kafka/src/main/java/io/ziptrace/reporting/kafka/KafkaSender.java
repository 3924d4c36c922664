package io.ziptrace.reporting.kafka;

import io.ziptrace.encoding.Encoding;
import io.ziptrace.internal.OperatorSettings;
import io.ziptrace.reporting.SendException;
import io.ziptrace.reporting.Sender;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends spans through a Kafka topic, where Zipkin's Kafka collector reads them (enable it with
 * {@code KAFKA_BOOTSTRAP_SERVERS} on the Zipkin server; it reads topic {@code zipkin} in consumer
 * group {@code zipkin}). Any number of collectors in that group share the topic's partitions, so
 * spans are stored once whichever collector reads them.
 *
 * <pre>{@code
 * Reporter reporter = AsyncReporter.create(KafkaSender.create("kafka-1:9092,kafka-2:9092"));
 * }</pre>
 *
 * <p>Each batch is one record: its value is the encoded span list, its key is null (so records
 * spread over the partitions), it carries no headers. A batch counts as sent once the broker
 * acknowledged it ({@code acks=all} with the producer's idempotence, Kafka's defaults, so a
 * retried record is never stored twice).
 *
 * <p><b>Sizes agree by construction.</b> The producer refuses a record larger than its {@code
 * max.request.size}; this sender sets that to {@link #messageMaxBytes()} plus the record's
 * framing ({@value #RECORD_OVERHEAD_BYTES} bytes), so a batch the reporter cuts to fit is never
 * refused for its size by the producer. A producer property {@code max.request.size} given without
 * {@link Builder#messageMaxBytes} sets the message limit instead; the two given together must
 * agree, or {@link Builder#build()} says how. A broker or topic limit ({@code message.max.bytes},
 * {@code max.message.bytes}) below the message limit splits the batch, and a single span refused
 * for its size is dropped as too large.
 *
 * <p><b>Failures</b> are mapped onto the reporter's decisions and counted here by kind ({@link
 * #failures(Failure)}): a broker that cannot be reached, a topic that does not exist (on a broker
 * that does not create topics) or an answer not in time are retried with backoff; an
 * authorization or authentication failure drops the batch at once; a record too large is split.
 * Log lines and exceptions name the topic and the bootstrap servers, never other producer
 * properties, which may hold credentials.
 *
 * <p>Only the reporter's sending threads wait for the broker: how long, at most, is {@link
 * Builder#sendTimeout} (which bounds Kafka's {@code max.block.ms}, {@code delivery.timeout.ms}
 * and {@code request.timeout.ms} unless producer properties set them). Thread-safe: concurrent
 * sends (a reporter's {@code maxConcurrentSends}) share the one producer.
 */
public final class KafkaSender implements Sender {
  /**
   * The bytes a record adds to its value in a produce request: the batch header (61 bytes) and
   * one record's own header (at most 21 bytes with a null key and no headers), rounded up.
   */
  public static final int RECORD_OVERHEAD_BYTES = 128;
  /** The topic Zipkin's Kafka collector reads by default. */
  public static final String DEFAULT_TOPIC = "zipkin";

  /** Why a send failed, as counted by {@link #failures(Failure)}. */
  public enum Failure {
    /** No broker answered: down, unreachable, or not answering in time. Retried. */
    BROKER_UNAVAILABLE,
    /** The topic does not exist and the broker does not create it. Retried. */
    TOPIC_MISSING,
    /** The producer is not allowed to write to the topic, or could not authenticate. Dropped. */
    NOT_AUTHORIZED,
    /** The record is larger than the broker or topic accepts. Split, then dropped as too large. */
    RECORD_TOO_LARGE,
    /** Any other error the broker or the producer reported. */
    OTHER
  }

  private static final System.Logger LOG = System.getLogger(KafkaSender.class.getName());

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final String destination;
  private final Encoding encoding;
  private final int messageMaxBytes;
  private final Duration sendTimeout;
  private final KafkaFailures failureKinds;
  private final AtomicLongArray failureCounts = new AtomicLongArray(Failure.values().length);
  private volatile boolean closed;

  private KafkaSender(Builder b, Function<Map<String, Object>, Producer<byte[], byte[]>> producers) {
    this.topic = b.topic;
    this.encoding = b.encoding;
    this.messageMaxBytes = b.effectiveMessageMaxBytes();
    this.sendTimeout = b.sendTimeout;
    this.destination = "Kafka topic " + b.topic + " at " + b.bootstrapServers;
    Map<String, Object> properties = b.producerProperties();
    this.producer = producers.apply(properties);
    this.failureKinds = new KafkaFailures(producer, topic, b.bootstrapServers, sendTimeout);
  }

  /**
   * A JSON sender to topic {@code zipkin} with the default settings.
   *
   * @param bootstrapServers Kafka's {@code bootstrap.servers}, e.g. {@code kafka:9092}
   * @throws IllegalArgumentException when Kafka refuses the configuration (e.g. no port)
   */
  public static KafkaSender create(String bootstrapServers) {
    return builder(bootstrapServers).build();
  }

  /**
   * Configures a sender to the brokers at {@code bootstrapServers}.
   *
   * @param bootstrapServers Kafka's {@code bootstrap.servers}, e.g. {@code kafka-1:9092,kafka-2:9092}
   * @throws IllegalArgumentException when it is not a list of {@code host:port}; the message says
   *     what to write instead
   */
  public static Builder builder(String bootstrapServers) {
    return new Builder(ProducerSettings.checkBootstrapServers(bootstrapServers));
  }

  /**
   * Configures a sender from settings the operator gives outside the code, read as {@code
   * Zipkin.tracerFromEnvironment} reads its own (first found wins; values are trimmed; an empty
   * or blank value counts as unset). Add what the code decides (encoding, timeouts, producer
   * properties such as credentials) and build it:
   *
   * <pre>{@code
   * AsyncReporter reporter = AsyncReporter.create(KafkaSender.builderFromEnvironment().build());
   * Tracer tracer = Zipkin.tracerBuilderFromEnvironment("checkout").reporter(reporter).build();
   * }</pre>
   *
   * <table>
   *   <caption>Settings, first found wins</caption>
   *   <tr><th>setting</th><th>system property</th><th>environment variables</th><th>default</th></tr>
   *   <tr><td>bootstrap servers</td><td>{@code ziptrace.kafka.bootstrap.servers}</td>
   *       <td>{@code ZIPTRACE_KAFKA_BOOTSTRAP_SERVERS}, {@code KAFKA_BOOTSTRAP_SERVERS} (which
   *       Zipkin's Kafka collector reads too)</td><td>none: required</td></tr>
   *   <tr><td>topic</td><td>{@code ziptrace.kafka.topic}</td><td>{@code ZIPTRACE_KAFKA_TOPIC}</td>
   *       <td>{@value #DEFAULT_TOPIC}</td></tr>
   * </table>
   *
   * <p>One INFO line under this class's logger says which topic and servers it picked, and where
   * each came from.
   *
   * @throws IllegalArgumentException when no bootstrap servers are set (saying what to set), or
   *     when the servers are not {@code host:port[,host:port...]}, naming the property or
   *     variable they came from
   */
  public static Builder builderFromEnvironment() {
    return new SenderEnvironment(OperatorSettings.system()).builder(line -> LOG.log(Level.INFO, line));
  }

  @Override
  public Encoding encoding() {
    return encoding;
  }

  /** The largest span list sent in one record; the producer's {@code max.request.size} leaves room for it. */
  @Override
  public int messageMaxBytes() {
    return messageMaxBytes;
  }

  /** The topic spans are written to. */
  public String topic() {
    return topic;
  }

  /** {@code Kafka topic <topic> at <bootstrap servers>}: no other producer property, which may hold credentials. */
  @Override
  public String destination() {
    return destination;
  }

  /** How many sends failed for {@code failure} since this sender was built, each attempt counted. */
  public long failures(Failure failure) {
    return failureCounts.get(failure.ordinal());
  }

  /** Every {@link Failure} with its count, in declaration order. */
  public Map<Failure, Long> failures() {
    Map<Failure, Long> counts = new EnumMap<>(Failure.class);
    for (Failure failure : Failure.values()) counts.put(failure, failures(failure));
    return counts;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Writes one record and waits, at most about {@link Builder#sendTimeout}, until the broker
   * acknowledged it.
   *
   * @throws SendException when the broker refused the record for its size (split) or for
   *     authorization (rejected)
   * @throws IOException when no broker took the record in time or the topic is missing (both
   *     retried), or when this sender is closed
   */
  @Override
  public void send(byte[] message, int spanCount) throws IOException {
    if (closed) throw closedException();
    Future<RecordMetadata> acknowledged;
    try {
      acknowledged = producer.send(new ProducerRecord<>(topic, null, message));
    } catch (InterruptException e) {
      throw interrupted(); // close() gave up waiting while the producer waited for metadata
    } catch (KafkaException | IllegalStateException e) {
      throw failed(e); // the producer refused before sending, e.g. it is closed or the record is too large
    }
    try {
      // the producer's own delivery timeout fails the future first; this bound is a backstop
      acknowledged.get(sendTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      acknowledged.cancel(true);
      throw interrupted();
    } catch (ExecutionException e) {
      throw failed(e.getCause());
    } catch (TimeoutException e) {
      throw failed(new org.apache.kafka.common.errors.TimeoutException("no acknowledgement within " + sendTimeout));
    }
  }

  /**
   * Closes the producer without waiting: a send in flight fails as closed, as does any later
   * {@link #send}. The reporter has delivered or given up on its queue before it calls this.
   * Idempotent; never throws.
   */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      producer.close(Duration.ZERO);
    } catch (RuntimeException e) {
      // best effort: the producer is unusable either way
    }
  }

  @Override
  public String toString() {
    return "KafkaSender{" + destination + ", " + encoding + "}";
  }

  private IOException failed(Throwable cause) {
    if (closed) return closedException();
    Failure kind = failureKinds.classify(cause);
    failureCounts.incrementAndGet(kind.ordinal());
    return failureKinds.toException(kind, cause, destination);
  }

  /** Keeps the thread's interrupt status: the reporter reads it to stop retrying. */
  private InterruptedIOException interrupted() {
    Thread.currentThread().interrupt();
    return new InterruptedIOException("interrupted while sending spans to " + destination);
  }

  private IOException closedException() {
    return new IOException("sender is closed: " + destination);
  }

  /** Configures a {@link KafkaSender}. */
  public static final class Builder {
    private final String bootstrapServers;
    private String topic = DEFAULT_TOPIC;
    private Encoding encoding = Encoding.JSON;
    private Integer messageMaxBytes;
    private Duration sendTimeout = Duration.ofSeconds(10);
    private final Map<String, Object> overrides = new LinkedHashMap<>();

    private Builder(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
    }

    /** The topic to write to. Default {@code zipkin}, the one Zipkin's collector reads by default. */
    public Builder topic(String topic) {
      Objects.requireNonNull(topic, "topic");
      if (topic.isBlank()) throw new IllegalArgumentException("topic is empty");
      this.topic = topic;
      return this;
    }

    /** JSON (default) or proto3; Zipkin's Kafka collector reads either. */
    public Builder encoding(Encoding encoding) {
      this.encoding = Objects.requireNonNull(encoding, "encoding");
      return this;
    }

    /**
     * The largest span list in one record. Default 500,000 bytes, or the producer property {@code
     * max.request.size} less {@value KafkaSender#RECORD_OVERHEAD_BYTES} bytes when that is given.
     * The producer's {@code max.request.size} is set to this plus {@value
     * KafkaSender#RECORD_OVERHEAD_BYTES}. Keep it within the broker's {@code message.max.bytes}
     * (1 MB by default) and the topic's {@code max.message.bytes}.
     */
    public Builder messageMaxBytes(int messageMaxBytes) {
      if (messageMaxBytes < 64) throw new IllegalArgumentException("messageMaxBytes must be at least 64");
      this.messageMaxBytes = messageMaxBytes;
      return this;
    }

    /**
     * How long the reporter's thread waits for the broker to take a batch before it counts the
     * attempt as failed and retries. Default 10 s. Sets the producer's {@code max.block.ms} and
     * {@code delivery.timeout.ms} to it and {@code request.timeout.ms} to half of it, unless
     * producer properties set them.
     */
    public Builder sendTimeout(Duration sendTimeout) {
      Objects.requireNonNull(sendTimeout, "sendTimeout");
      if (sendTimeout.toMillis() < 10) throw new IllegalArgumentException("sendTimeout must be at least 10 ms");
      this.sendTimeout = sendTimeout;
      return this;
    }

    /**
     * Sets a Kafka producer property, e.g. {@code security.protocol}, {@code sasl.jaas.config},
     * {@code compression.type}. Values are never logged by ziptrace. The serializers are always
     * byte arrays and {@code bootstrap.servers} is the builder's.
     */
    public Builder producerProperty(String name, Object value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      overrides.put(name, value);
      return this;
    }

    /** Sets each of {@code properties} as by {@link #producerProperty}. */
    public Builder producerProperties(Map<String, ?> properties) {
      properties.forEach(this::producerProperty);
      return this;
    }

    /**
     * Returns the sender, creating its producer (which connects only when the first batch is sent).
     *
     * @throws IllegalArgumentException when the message limit and {@code max.request.size}
     *     disagree, or Kafka refuses the producer configuration; the message says which setting
     */
    public KafkaSender build() {
      return build(properties -> new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** Builds with another producer, e.g. a test double; the function gets the producer properties. */
    KafkaSender build(Function<Map<String, Object>, Producer<byte[], byte[]>> producers) {
      effectiveMessageMaxBytes(); // checks the limits agree before a producer exists
      try {
        return new KafkaSender(this, producers);
      } catch (KafkaException e) {
        throw new IllegalArgumentException("Kafka refused the producer configuration for topic " + topic + " at "
            + bootstrapServers + ": " + ProducerSettings.describe(e, overrides));
      }
    }

    int effectiveMessageMaxBytes() {
      return ProducerSettings.messageMaxBytes(messageMaxBytes, overrides.get("max.request.size"));
    }

    Map<String, Object> producerProperties() {
      return ProducerSettings.properties(bootstrapServers, overrides, effectiveMessageMaxBytes(), sendTimeout);
    }
  }
}
