package dev.vigil.notify;

/**
 * One claimed row of the outbox: {@code transition} to tell on {@code channel}.
 *
 * @param attemptsMade attempts before this one (holds are not attempts)
 */
public record Delivery(long id, int attemptsMade, Transition transition, Channel channel) {
}
