package dev.skiff.server.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The event log on Apache Kafka: each stream is a one-partition topic ({@code skiff.broker.default}),
 * so a trigger sees its events in order; an event is accepted once every in-sync replica has it
 * ({@code acks=all}, idempotent producer). Each trigger is a consumer group of its own that commits
 * its offset only after it handled the events before it.
 */
public final class KafkaEventLog implements EventLog {
    private static final String TARGET_HEADER = "skiff-target";
    private static final int PARTITION = 0;
    private final String bootstrap;
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;

    /** A log on the Kafka cluster at {@code bootstrap} ({@code host:port[,host:port...]}). */
    public KafkaEventLog(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // 2 ms: at a few thousand events a second, fewer and fuller produce requests leave the
        // broker (in the same few cores, in the benchmark) more time than they cost in latency.
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(producerProps);
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** The Kafka topic holding a stream. */
    static String topic(String stream) {
        return "skiff." + stream.replace(':', '.');
    }

    @Override
    public void createStream(String stream) {
        try {
            admin.createTopics(List.of(new NewTopic(topic(stream), Optional.of(1), Optional.empty()))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the Kafka topic " + topic(stream) + ": " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void deleteStream(String stream) {
        try {
            admin.deleteTopics(List.of(topic(stream))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw new IllegalStateException("cannot delete the Kafka topic " + topic(stream) + ": " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public CompletableFuture<Void> append(String stream, io.cloudevents.CloudEvent event, String target) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic(stream), PARTITION, event.getId(),
                CloudEventCodec.toJson(event));
        if (target != null) {
            record.headers().add(TARGET_HEADER, target.getBytes(StandardCharsets.UTF_8));
        }
        CompletableFuture<Void> stored = new CompletableFuture<>();
        producer.send(record, (metadata, failure) -> {
            if (failure != null) {
                stored.completeExceptionally(failure);
            } else {
                stored.complete(null);
            }
        });
        return stored;
    }

    @Override
    public void register(String stream, String consumer) {
        try (KafkaConsumer<String, byte[]> kafka = consumer(consumer)) {
            TopicPartition partition = new TopicPartition(topic(stream), PARTITION);
            kafka.assign(List.of(partition));
            if (kafka.committed(Set.of(partition)).get(partition) == null) {
                kafka.seekToEnd(List.of(partition));
                kafka.commitSync(Map.of(partition, new OffsetAndMetadata(kafka.position(partition))));
            }
        }
    }

    @Override
    public void unregister(String stream, String consumer) {
        try {
            admin.deleteConsumerGroups(List.of(group(consumer))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw new IllegalStateException("cannot delete the consumer group " + group(consumer) + ": " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Reader reader(String stream, String consumer) {
        KafkaConsumer<String, byte[]> kafka = consumer(consumer);
        TopicPartition partition = new TopicPartition(topic(stream), PARTITION);
        kafka.assign(List.of(partition));
        OffsetAndMetadata committed = kafka.committed(Set.of(partition)).get(partition);
        if (committed == null) {
            kafka.seekToEnd(List.of(partition));
        } else {
            kafka.seek(partition, committed.offset());
        }
        return new KafkaReader(kafka, partition);
    }

    private KafkaConsumer<String, byte[]> consumer(String consumer) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group(consumer));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    private static String group(String consumer) {
        return "skiff-" + consumer.replace(':', '.');
    }

    /** Reads one partition; commits what was handled before the next poll, so commits batch themselves. */
    private static final class KafkaReader implements Reader {
        private final KafkaConsumer<String, byte[]> kafka;
        private final TopicPartition partition;
        private long handled = -1;
        private long committed = -1;

        KafkaReader(KafkaConsumer<String, byte[]> kafka, TopicPartition partition) {
            this.kafka = kafka;
            this.partition = partition;
        }

        @Override
        public List<LogRecord> poll(Duration wait) {
            flush();
            List<LogRecord> records = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : kafka.poll(wait)) {
                Header target = record.headers().lastHeader(TARGET_HEADER);
                CloudEventCodec.readStored(record.value(), partition.topic(), record.offset()).ifPresent(event ->
                        records.add(new LogRecord(record.offset(), event,
                                target == null ? null : new String(target.value(), StandardCharsets.UTF_8))));
            }
            return records;
        }

        @Override
        public void commit(long position) {
            handled = Math.max(handled, position);
        }

        /**
         * Commits what was handled without waiting for the group coordinator: a synchronous commit
         * before every poll put a round trip in front of each next event. Commits of one consumer
         * go out in order and a later one covers an earlier that failed; a crash before one lands
         * delivers those events again, which at-least-once allows.
         */
        private void flush() {
            if (handled > committed) {
                kafka.commitAsync(Map.of(partition, new OffsetAndMetadata(handled + 1)), null);
                committed = handled;
            }
        }

        /** Commits what was handled and waits until the coordinator has it. */
        private void flushSync() {
            kafka.commitSync(Map.of(partition, new OffsetAndMetadata(handled + 1)));
            committed = handled;
        }

        /**
         * Commits what was handled and closes. A runner is stopped by interrupting it, and Kafka's
         * client refuses to block on an interrupted thread, so the interrupt is set aside meanwhile:
         * otherwise a graceful stop would deliver the last batch again.
         */
        @Override
        public void close() {
            boolean interrupted = Thread.interrupted();
            try {
                if (handled >= 0) {
                    flushSync();
                }
            } finally {
                kafka.close(Duration.ofSeconds(5));
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
