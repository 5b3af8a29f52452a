package dev.vigil.infra;

import com.google.common.util.concurrent.ListenableFuture;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.mqtt.message.publish.PUBLISH;
import com.hivemq.persistence.SingleWriterService;
import com.hivemq.persistence.clientqueue.ClientQueueEntry;
import com.hivemq.persistence.clientqueue.ClientQueueLocalPersistence;
import com.hivemq.persistence.clientqueue.ClientQueuePersistenceImpl;
import com.hivemq.persistence.clientqueue.ClientQueueXodusLocalPersistence;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drops, before any client connects, the messages the embedded broker had sent to a session (in flight)
 * whose payload a kill -9 cut off.
 *
 * <p>HiveMQ CE 2025.5 meets such an entry only when the session resumes, while it reads the in-flight
 * messages in a read-only transaction: its drop needs a writing one and fails ("Current transaction should
 * be exclusive"), nothing is removed, and the session is left waiting for a resend that never comes, so no
 * message reaches it again, across reconnects and restarts (docs/reliability.md;
 * EmbeddedBrokerLostPayloadIT). Read here, in each queue bucket's own writer thread as HiveMQ requires,
 * the entry is removed the way an acknowledgement removes it. Its message cannot be delivered by anyone:
 * the payload is gone. HiveMQ offers no public way in, so this reaches its injector; a HiveMQ upgrade that
 * moves these classes breaks the build, not the broker.
 */
final class InFlightOrphans {

  private static final long BOUND_S = 60;

  private InFlightOrphans() {}

  /** Returns how many in-flight entries without payload were dropped. */
  static int dropAll(EmbeddedHiveMQ hivemq) throws Exception {
    Object injector = injectorOf(hivemq);
    if (!(instance(injector, ClientQueueLocalPersistence.class) instanceof ClientQueueXodusLocalPersistence queues)) {
      return 0;
    }
    List<ListenableFuture<Integer>> passes = instance(injector, SingleWriterService.class).getQueuedMessagesQueue()
        .submitToAllBucketsParallel(bucket -> dropInBucket(queues, bucket));
    int dropped = 0;
    for (ListenableFuture<Integer> pass : passes) {
      dropped += pass.get(BOUND_S, TimeUnit.SECONDS);
    }
    return dropped;
  }

  private static int dropInBucket(ClientQueueXodusLocalPersistence queues, int bucket) {
    Map<ClientQueuePersistenceImpl.Key, AtomicInteger> sizes = queues.getQueueSizeBuckets().get(bucket);
    if (sizes == null) {
      return 0;
    }
    int dropped = 0;
    for (ClientQueuePersistenceImpl.Key queue : List.copyOf(sizes.keySet())) {
      // A shared subscription's queue hands messages to its members' own queues before they go out.
      if (queue.isShared()) {
        continue;
      }
      for (ClientQueueEntry entry : queues.getAll(queue.getQueueId(), false, bucket)) {
        if (entry.getMessageWithID() instanceof PUBLISH publish && publish.getPacketIdentifier() != 0
            && publish.getPayload() == null) {
          queues.remove(queue.getQueueId(), publish.getPacketIdentifier(), publish.getUniqueId(), bucket);
          dropped++;
        }
      }
    }
    return dropped;
  }

  /** HiveMQ keeps its injector package-private; Guice itself stays out of Vigil's compile path. */
  private static Object injectorOf(EmbeddedHiveMQ hivemq) throws ReflectiveOperationException {
    Method getInjector = hivemq.getClass().getDeclaredMethod("getInjector");
    getInjector.setAccessible(true);
    return getInjector.invoke(hivemq);
  }

  private static <T> T instance(Object injector, Class<T> type) throws ReflectiveOperationException {
    Class<?> guice = Class.forName("com.google.inject.Injector", false, injector.getClass().getClassLoader());
    return type.cast(guice.getMethod("getInstance", Class.class).invoke(injector, type));
  }
}
