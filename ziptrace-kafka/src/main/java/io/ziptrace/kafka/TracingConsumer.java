package io.ziptrace.kafka;

import io.ziptrace.messaging.MessagingTracing;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.SubscriptionPattern;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;

/**
 * The {@link Consumer} that {@link KafkaTracing#consumer(Consumer)} returns: its {@link
 * #poll(Duration)} records CONSUMER spans ({@link PollSpans}); every other method is delegated
 * unchanged. Not public: it adds no method to Kafka's interface.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class TracingConsumer<K, V> implements Consumer<K, V> {
  private final Consumer<K, V> delegate;
  private final MessagingTracing messaging;
  private final KafkaHeaders headers;
  private final boolean shareSpanWithoutContext;

  TracingConsumer(Consumer<K, V> delegate, MessagingTracing messaging, KafkaHeaders headers,
      boolean shareSpanWithoutContext) {
    this.delegate = Objects.requireNonNull(delegate, "consumer");
    this.messaging = messaging;
    this.headers = headers;
    this.shareSpanWithoutContext = shareSpanWithoutContext;
  }

  /** Polls the wrapped consumer and records the CONSUMER spans of what it returned. */
  @Override
  public ConsumerRecords<K, V> poll(Duration timeout) {
    ConsumerRecords<K, V> records = delegate.poll(timeout);
    if (records != null && !records.isEmpty()) PollSpans.trace(records, messaging, headers, shareSpanWithoutContext);
    return records;
  }

  /** Delegates. */
  @Override
  public Set<TopicPartition> assignment() {
    return delegate.assignment();
  }

  /** Delegates. */
  @Override
  public Set<String> subscription() {
    return delegate.subscription();
  }

  /** Delegates. */
  @Override
  public void subscribe(Collection<String> topics) {
    delegate.subscribe(topics);
  }

  /** Delegates. */
  @Override
  public void subscribe(Collection<String> topics, ConsumerRebalanceListener callback) {
    delegate.subscribe(topics, callback);
  }

  /** Delegates. */
  @Override
  public void assign(Collection<TopicPartition> partitions) {
    delegate.assign(partitions);
  }

  /** Delegates. */
  @Override
  public void subscribe(Pattern pattern, ConsumerRebalanceListener callback) {
    delegate.subscribe(pattern, callback);
  }

  /** Delegates. */
  @Override
  public void subscribe(Pattern pattern) {
    delegate.subscribe(pattern);
  }

  /** Delegates. */
  @Override
  public void subscribe(SubscriptionPattern pattern, ConsumerRebalanceListener callback) {
    delegate.subscribe(pattern, callback);
  }

  /** Delegates. */
  @Override
  public void subscribe(SubscriptionPattern pattern) {
    delegate.subscribe(pattern);
  }

  /** Delegates. */
  @Override
  public void unsubscribe() {
    delegate.unsubscribe();
  }

  /** Delegates. */
  @Override
  public void commitSync() {
    delegate.commitSync();
  }

  /** Delegates. */
  @Override
  public void commitSync(Duration timeout) {
    delegate.commitSync(timeout);
  }

  /** Delegates. */
  @Override
  public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
    delegate.commitSync(offsets);
  }

  /** Delegates. */
  @Override
  public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
    delegate.commitSync(offsets, timeout);
  }

  /** Delegates. */
  @Override
  public void commitAsync() {
    delegate.commitAsync();
  }

  /** Delegates. */
  @Override
  public void commitAsync(OffsetCommitCallback callback) {
    delegate.commitAsync(callback);
  }

  /** Delegates. */
  @Override
  public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
    delegate.commitAsync(offsets, callback);
  }

  /** Delegates. */
  @Override
  public void registerMetricForSubscription(KafkaMetric metric) {
    delegate.registerMetricForSubscription(metric);
  }

  /** Delegates. */
  @Override
  public void unregisterMetricFromSubscription(KafkaMetric metric) {
    delegate.unregisterMetricFromSubscription(metric);
  }

  /** Delegates. */
  @Override
  public void seek(TopicPartition partition, long offset) {
    delegate.seek(partition, offset);
  }

  /** Delegates. */
  @Override
  public void seek(TopicPartition partition, OffsetAndMetadata offsetAndMetadata) {
    delegate.seek(partition, offsetAndMetadata);
  }

  /** Delegates. */
  @Override
  public void seekToBeginning(Collection<TopicPartition> partitions) {
    delegate.seekToBeginning(partitions);
  }

  /** Delegates. */
  @Override
  public void seekToEnd(Collection<TopicPartition> partitions) {
    delegate.seekToEnd(partitions);
  }

  /** Delegates. */
  @Override
  public long position(TopicPartition partition) {
    return delegate.position(partition);
  }

  /** Delegates. */
  @Override
  public long position(TopicPartition partition, Duration timeout) {
    return delegate.position(partition, timeout);
  }

  /** Delegates. */
  @Override
  public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
    return delegate.committed(partitions);
  }

  /** Delegates. */
  @Override
  public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout) {
    return delegate.committed(partitions, timeout);
  }

  /** Delegates. */
  @Override
  public Uuid clientInstanceId(Duration timeout) {
    return delegate.clientInstanceId(timeout);
  }

  /** Delegates. */
  @Override
  public Map<MetricName, ? extends Metric> metrics() {
    return delegate.metrics();
  }

  /** Delegates. */
  @Override
  public List<PartitionInfo> partitionsFor(String topic) {
    return delegate.partitionsFor(topic);
  }

  /** Delegates. */
  @Override
  public List<PartitionInfo> partitionsFor(String topic, Duration timeout) {
    return delegate.partitionsFor(topic, timeout);
  }

  /** Delegates. */
  @Override
  public Map<String, List<PartitionInfo>> listTopics() {
    return delegate.listTopics();
  }

  /** Delegates. */
  @Override
  public Map<String, List<PartitionInfo>> listTopics(Duration timeout) {
    return delegate.listTopics(timeout);
  }

  /** Delegates. */
  @Override
  public Set<TopicPartition> paused() {
    return delegate.paused();
  }

  /** Delegates. */
  @Override
  public void pause(Collection<TopicPartition> partitions) {
    delegate.pause(partitions);
  }

  /** Delegates. */
  @Override
  public void resume(Collection<TopicPartition> partitions) {
    delegate.resume(partitions);
  }

  /** Delegates. */
  @Override
  public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch) {
    return delegate.offsetsForTimes(timestampsToSearch);
  }

  /** Delegates. */
  @Override
  public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch,
      Duration timeout) {
    return delegate.offsetsForTimes(timestampsToSearch, timeout);
  }

  /** Delegates. */
  @Override
  public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
    return delegate.beginningOffsets(partitions);
  }

  /** Delegates. */
  @Override
  public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions, Duration timeout) {
    return delegate.beginningOffsets(partitions, timeout);
  }

  /** Delegates. */
  @Override
  public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
    return delegate.endOffsets(partitions);
  }

  /** Delegates. */
  @Override
  public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout) {
    return delegate.endOffsets(partitions, timeout);
  }

  /** Delegates. */
  @Override
  public OptionalLong currentLag(TopicPartition topicPartition) {
    return delegate.currentLag(topicPartition);
  }

  /** Delegates. */
  @Override
  public ConsumerGroupMetadata groupMetadata() {
    return delegate.groupMetadata();
  }

  /** Delegates. */
  @Override
  public void enforceRebalance() {
    delegate.enforceRebalance();
  }

  /** Delegates. */
  @Override
  public void enforceRebalance(String reason) {
    delegate.enforceRebalance(reason);
  }

  /** Delegates. */
  @Override
  public void close() {
    delegate.close();
  }

  /** Delegates. */
  @Override
  public void close(Duration timeout) {
    delegate.close(timeout);
  }

  /** Delegates. */
  @Override
  public void close(CloseOptions option) {
    delegate.close(option);
  }

  /** Delegates. */
  @Override
  public void wakeup() {
    delegate.wakeup();
  }
}
