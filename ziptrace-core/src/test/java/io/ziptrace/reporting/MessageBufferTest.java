package io.ziptrace.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageBufferTest {
  @Test
  void keepsItsArrayWhileItIsLargeEnough() {
    MessageBuffer buffer = new MessageBuffer(1000);
    byte[] first = buffer.atLeast(100);

    assertThat(first).hasSize(100);
    assertThat(buffer.atLeast(60)).isSameAs(first);
    assertThat(buffer.atLeast(100)).isSameAs(first);
  }

  @Test
  void growsByDoublingUpToTheLargestMessage() {
    MessageBuffer buffer = new MessageBuffer(1000);
    buffer.atLeast(300);

    assertThat(buffer.atLeast(301)).hasSize(600);
    assertThat(buffer.atLeast(601)).hasSize(1000); // not 1200: no message is larger than 1000
  }

  @Test
  void growsToTheSizeAskedWhenDoublingIsNotEnough() {
    MessageBuffer buffer = new MessageBuffer(1000);
    buffer.atLeast(10);

    assertThat(buffer.atLeast(900)).hasSize(900);
  }

  @Test
  void anAbandonedArrayIsNeverHandedOutAgain() {
    MessageBuffer buffer = new MessageBuffer(1000);
    byte[] abandoned = buffer.atLeast(100);
    buffer.abandon();

    byte[] next = buffer.atLeast(50);
    assertThat(next).isNotSameAs(abandoned).hasSize(50);
    assertThat(buffer.atLeast(50)).isSameAs(next);
  }
}
