/**
 * Types shared by every part of our client library: {@link io.sluice.clients.common.TopicPartition},
 * {@link io.sluice.clients.common.Node}, {@link io.sluice.clients.common.ClientConfig} (Kafka's
 * config names) and the exception hierarchy.
 *
 * <h2>Exceptions</h2>
 * All unchecked, rooted at {@link io.sluice.clients.common.SluiceException}:
 * <ul>
 *   <li>{@link io.sluice.clients.common.RetriableException}: may pass when tried again;
 *       subclasses {@link io.sluice.clients.common.TimeoutException} and
 *       {@link io.sluice.clients.common.NetworkException}.</li>
 *   <li>{@link io.sluice.clients.common.ApiException}: a broker error code
 *       ({@link io.sluice.protocol.Errors}); retriable when the code is.
 *       {@link io.sluice.clients.common.RecordTooLargeException} is MESSAGE_TOO_LARGE.</li>
 *   <li>{@link io.sluice.clients.common.UnsupportedVersionException},
 *       {@link io.sluice.clients.common.ConfigException},
 *       {@link io.sluice.clients.common.SerializationException},
 *       {@link io.sluice.clients.common.InterruptException}.</li>
 * </ul>
 * {@link io.sluice.clients.common.ApiException#isRetriable(Throwable)} answers "may I retry" for any of them.
 */
package io.sluice.clients.common;
