package io.ziptrace.it.kafka;

import io.ziptrace.it.ZipkinServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;

/**
 * Zipkin servers whose Kafka collectors read one broker in one consumer group, started together
 * (each takes seconds to start).
 */
final class KafkaZipkins implements AutoCloseable {
  static final String GROUP = "zipkin";

  private final List<ZipkinServer> servers;

  private KafkaZipkins(List<ZipkinServer> servers) {
    this.servers = servers;
  }

  /** Starts {@code count} servers reading {@code bootstrapServers}, with {@code environment} added. */
  static KafkaZipkins start(String bootstrapServers, int count, Map<String, String> environment) {
    List<ZipkinServer> servers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, String> env = new HashMap<>(environment);
      env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
      servers.add(ZipkinServer.onFreePort(env));
    }
    KafkaZipkins zipkins = new KafkaZipkins(servers);
    try {
      CompletableFuture.allOf(servers.stream().map(s -> CompletableFuture.runAsync(s::start)).toArray(CompletableFuture[]::new))
          .join();
    } catch (RuntimeException e) {
      zipkins.close();
      throw e;
    }
    return zipkins;
  }

  ZipkinServer get(int i) {
    return servers.get(i);
  }

  /**
   * Waits until the group is stable with {@code members} members that each own at least one
   * partition, and returns the members' partition counts.
   */
  static List<Integer> awaitAssignment(Admin admin, int members) {
    return ZipkinServer.await(() -> partitionsPerMember(admin),
        counts -> counts.size() == members && counts.stream().allMatch(n -> n > 0),
        "consumer group " + GROUP + " stable with " + members + " members each owning partitions");
  }

  /** The partition count of each member of a stable group; empty while it rebalances. */
  private static List<Integer> partitionsPerMember(Admin admin) {
    try {
      ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get(10, TimeUnit.SECONDS).get(GROUP);
      if (group.groupState() != GroupState.STABLE) return List.of();
      List<Integer> counts = new ArrayList<>();
      for (MemberDescription member : group.members()) counts.add(member.assignment().topicPartitions().size());
      return counts;
    } catch (Exception e) {
      return List.of(); // the group is not known yet, or the broker is busy: ask again
    }
  }

  @Override
  public void close() {
    servers.forEach(ZipkinServer::close);
  }
}
