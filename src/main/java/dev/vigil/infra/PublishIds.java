package dev.vigil.infra;

import com.hivemq.mqtt.message.publish.PUBLISH;

/**
 * Keeps the embedded broker from giving a new message the id of one it queued before a kill -9.
 *
 * <p>HiveMQ CE numbers every incoming message ({@code PUBLISH.PUBLISH_COUNTER}) and keeps a queued
 * message's payload apart from its queue entry, under that number: the entry is committed first, the
 * payload written just after, and the publisher acknowledged once both are done. A kill -9 between the
 * two leaves an entry whose payload never reached the disk (its publisher was never acknowledged, so it
 * sends the message again). At the next start HiveMQ resumes numbering after the highest payload it
 * finds, which is that orphan's number: the first message published after the restart got it, was
 * acknowledged, had its payload write skipped because the number was already referenced, and was dropped
 * when the orphan was read ("Internal error"). EmbeddedBrokerInFlightKillIT lost that message in 4 of 70
 * rounds (docs/reliability.md). Numbering far above anything issued before the restart removes the
 * collision; the orphan alone is still dropped, as it should be.
 */
final class PublishIds {

  /**
   * More numbers than a broker issues between its last payload write and a kill (every message counts,
   * queued or not); a long lasts billions of restarts at this step.
   */
  static final long SKIP = 1L << 32;

  private PublishIds() {}

  /** Must run after HiveMQ has opened its payload store and before its listener takes a message. */
  static void skipPastAnyIssuedBeforeTheStart() {
    PUBLISH.PUBLISH_COUNTER.addAndGet(SKIP);
  }
}
