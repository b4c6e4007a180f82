/**
 * The on-disk partition log of the broker.
 *
 * <pre>
 * &lt;log.dir&gt;/
 *   .kafka_cleanshutdown                 present only between a clean shutdown and the next startup
 *   recovery-point-offset-checkpoint     "0", count, then "topic partition offset" lines
 *   log-start-offset-checkpoint          same format
 *   &lt;topic&gt;-&lt;partition&gt;/
 *     00000000000000000000.log           record batches exactly as on the wire (magic 2), offsets assigned
 *     00000000000000000000.index         sparse offset index (see {@link io.sluice.server.log.OffsetIndex})
 *     00000000000000000000.timeindex     time index (see {@link io.sluice.server.log.TimeIndex})
 *     00000000000000004217.log ...       the next segment, named after its base offset (20 digits)
 *     leader-epoch-checkpoint            "0", count, then "epoch startOffset" lines
 *     partition.metadata                 "version: 0" and "topic_id: &lt;base64 uuid&gt;"
 *   &lt;topic&gt;-&lt;partition&gt;.&lt;id&gt;-delete/     a deleted partition waiting for file.delete.delay.ms
 * </pre>
 *
 * Who does what: {@link io.sluice.server.log.LogManager} owns all logs of a broker and their
 * schedulers; {@link io.sluice.server.log.Log} is one partition (append, read, retention,
 * truncation, flush); {@link io.sluice.server.log.LogSegment} is one segment and its two indexes;
 * {@link io.sluice.server.log.LogLoader} brings a directory back after a crash;
 * {@link io.sluice.server.log.LogFileUtils} names every file.
 */
package io.sluice.server.log;
