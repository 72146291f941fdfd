package dev.skiff.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Documents;
import dev.skiff.api.Volume;
import dev.skiff.core.workflow.JobState;
import dev.skiff.core.workflow.RunState;
import dev.skiff.server.workflows.JobEntry;
import dev.skiff.server.workflows.WorkflowRecord;
import dev.skiff.server.workflows.WorkflowStatus;
import dev.skiff.server.workflows.WorkflowStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreMigrationTest {
    @TempDir
    Path temp;

    private static int userVersion(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.getInt(1);
        }
    }

    @Test
    void open_aSchemaOneDatabase_addsVolumesAndKeepsFunctions() throws Exception {
        Path db = temp.resolve("skiff.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE functions (name TEXT PRIMARY KEY, document TEXT NOT NULL, serving_revision TEXT)");
            s.execute("""
                    CREATE TABLE revisions (name TEXT PRIMARY KEY, function TEXT NOT NULL REFERENCES functions(name)
                      ON DELETE CASCADE, number INTEGER NOT NULL, spec TEXT NOT NULL, created TEXT NOT NULL,
                      UNIQUE (function, number))""");
            s.execute("INSERT INTO functions VALUES ('hello', '{\"metadata\": {\"name\": \"hello\"}}', NULL)");
            s.execute("PRAGMA user_version=1");
        }

        try (SqliteStore store = SqliteStore.open(db)) {
            assertThat(store.functions()).extracting(f -> f.name()).containsExactly("hello");
            assertThat(store.saveVolume(new Volume("data", "/srv/data", true, "2026-01-01T00:00:00Z"))).isTrue();
            assertThat(store.saveVolume(new Volume("data", "/elsewhere", false, "2026-01-01T00:00:00Z"))).isFalse();
            assertThat(store.volume("data")).contains(new Volume("data", "/srv/data", true, "2026-01-01T00:00:00Z"));
        }
        assertThat(userVersion(db)).isEqualTo(10);

        try (SqliteStore reopened = SqliteStore.open(db)) {
            assertThat(reopened.volumes()).extracting(Volume::name).containsExactly("data");
            assertThat(reopened.deleteVolume("data")).isTrue();
            assertThat(reopened.volume("data")).isEmpty();
        }
    }

    @Test
    void open_aSchemaTwoDatabase_addsTheEventingTablesAndKeepsVolumes() throws Exception {
        Path db = temp.resolve("skiff.db");
        try (SqliteStore store = SqliteStore.open(db)) {
            store.saveVolume(new Volume("kept", "/srv/kept", true, "2026-01-01T00:00:00Z"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String table : new String[] {"eventing_resources", "events", "cursors", "dead_letters", "cron_ticks",
                    "activations", "async_invocations"}) {
                s.execute("DROP TABLE " + table);
            }
            s.execute("PRAGMA user_version=2");
        }

        try (SqliteStore store = SqliteStore.open(db)) {
            assertThat(store.volumes()).extracting(Volume::name).containsExactly("kept");
        }
        assertThat(userVersion(db)).isEqualTo(10);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("INSERT INTO events (stream, event, received) VALUES ('broker:default', x'7b7d', 1)");
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM events")) {
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void open_aSchemaThreeDatabase_movesEachConsumersFailedTriesToTheirOwnTable() throws Exception {
        Path db = temp.resolve("skiff.db");
        SqliteStore.open(db).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("DROP TABLE delivery_attempts");
            s.execute("DROP TABLE cursors");
            s.execute("""
                    CREATE TABLE cursors (consumer TEXT PRIMARY KEY, stream TEXT NOT NULL, position INTEGER NOT NULL,
                      retry_position INTEGER, attempts INTEGER NOT NULL DEFAULT 0)""");
            s.execute("INSERT INTO cursors VALUES ('sqlite-trigger', 'broker:a', 41, 42, 3)");
            s.execute("INSERT INTO cursors VALUES ('kafka-trigger', 'broker:k', -1, 7, 2)");
            s.execute("INSERT INTO cursors VALUES ('idle-trigger', 'broker:a', 50, NULL, 0)");
            s.execute("PRAGMA user_version=3");
        }

        SqliteStore.open(db).close();

        assertThat(userVersion(db)).isEqualTo(10);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT consumer, position, attempts FROM delivery_attempts ORDER BY consumer")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1) + "@" + rs.getLong(2) + "=" + rs.getInt(3)).isEqualTo("kafka-trigger@7=2");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1) + "@" + rs.getLong(2) + "=" + rs.getInt(3)).isEqualTo("sqlite-trigger@42=3");
                assertThat(rs.next()).isFalse();
            }
            try (ResultSet rs = s.executeQuery("SELECT consumer, position FROM cursors ORDER BY consumer")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1) + "@" + rs.getLong(2)).isEqualTo("idle-trigger@50");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1) + "@" + rs.getLong(2)).isEqualTo("sqlite-trigger@41");
                assertThat(rs.next()).as("the Kafka consumer's row only held its retries").isFalse();
                assertThat(rs.getMetaData().getColumnCount()).isEqualTo(2);
            }
        }
    }

    @Test
    void open_aSchemaFiveDatabase_keepsItsFunctionsInDefault_andItsTokensReachDefault() throws Exception {
        Path db = temp.resolve("skiff.db");
        try (SqliteStore store = SqliteStore.open(db)) {
            assertThat(userVersion(db)).isEqualTo(10);
        }
        // The schema 5 as the previous version wrote it: a tokens table without namespaces.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("DROP TABLE namespaces");
            s.execute("DROP TABLE tokens");
            s.execute("CREATE TABLE tokens (name TEXT PRIMARY KEY, role TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, "
                    + "created TEXT NOT NULL, last_used TEXT)");
            s.execute("INSERT INTO tokens VALUES ('admin', 'admin', 'h1', '2026-12-07T10:00:00Z', NULL)");
            s.execute("INSERT INTO tokens VALUES ('ci', 'developer', 'h2', '2026-12-07T10:00:00Z', NULL)");
            s.execute("INSERT INTO functions VALUES ('hello', '{\"metadata\": {\"name\": \"hello\"}}', NULL)");
            s.execute("PRAGMA user_version=5");
        }

        try (SqliteStore store = SqliteStore.open(db); SqliteTokens tokens = SqliteTokens.open(db);
             SqliteNamespaces namespaces = SqliteNamespaces.open(db)) {
            assertThat(userVersion(db)).isEqualTo(10);
            assertThat(store.functions()).singleElement().satisfies(f -> assertThat(f.key()).isEqualTo("hello"))
                    .satisfies(f -> assertThat(f.namespace()).isEqualTo("default"));
            assertThat(tokens.tokens()).extracting(t -> t.name() + "=" + t.namespaces())
                    .containsExactly("admin=[]", "ci=[default]");
            assertThat(namespaces.namespaces()).isEmpty();
        }
    }

    @Test
    void open_aSchemaSixDatabase_keepsItsNamespacesAndQuotas_withNoInstanceOrMemoryQuota() throws Exception {
        Path db = temp.resolve("skiff.db");
        SqliteStore.open(db).close();
        // The schema 6 as the previous version wrote it: namespaces without the instance and memory quotas.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("DROP TABLE namespaces");
            s.execute("CREATE TABLE namespaces (name TEXT PRIMARY KEY, max_functions INTEGER, max_in_flight INTEGER, "
                    + "created TEXT NOT NULL)");
            s.execute("INSERT INTO namespaces VALUES ('team-a', 3, 100, '2026-12-07T10:00:00Z')");
            s.execute("INSERT INTO namespaces VALUES ('team-b', NULL, NULL, '2026-12-07T11:00:00Z')");
            s.execute("PRAGMA user_version=6");
        }

        try (SqliteStore store = SqliteStore.open(db); SqliteNamespaces namespaces = SqliteNamespaces.open(db)) {
            assertThat(userVersion(db)).isEqualTo(10);
            assertThat(namespaces.namespaces()).containsExactly(
                    new NamespaceRow("team-a", 3, 100, null, null, "2026-12-07T10:00:00Z"),
                    new NamespaceRow("team-b", null, null, null, null, "2026-12-07T11:00:00Z"));
            assertThat(namespaces.updateQuotas(new NamespaceRow("team-a", 3, 100, 2, 4L << 30, null))).isTrue();
            assertThat(namespaces.namespace("team-a")).contains(
                    new NamespaceRow("team-a", 3, 100, 2, 4L << 30, "2026-12-07T10:00:00Z"));
        }
    }

    @Test
    void open_aSchemaSevenDatabase_addsAnEmptySecretsTable_andKeepsTheRest() throws Exception {
        Path db = temp.resolve("skiff.db");
        SqliteStore.open(db).close();
        // The schema 7 as the previous version wrote it: no secrets table.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("DROP TABLE secrets");
            s.execute("INSERT INTO namespaces (name, max_functions, max_in_flight, max_instances, max_memory_bytes, created) "
                    + "VALUES ('team-a', 3, 100, 2, 1024, '2026-12-07T10:00:00Z')");
            s.execute("PRAGMA user_version=7");
        }

        try (SqliteStore store = SqliteStore.open(db); SqliteNamespaces namespaces = SqliteNamespaces.open(db);
             SqliteSecrets secrets = SqliteSecrets.open(db)) {
            assertThat(userVersion(db)).isEqualTo(10);
            assertThat(namespaces.namespaces()).extracting(NamespaceRow::name).containsExactly("team-a");
            assertThat(secrets.secrets()).isEmpty();
            assertThat(secrets.insert(new dev.skiff.server.secrets.SecretRecord("db.team-a", java.util.List.of("password"),
                    new byte[] {1, 2, 3}, "2026-12-07T12:00:00Z", "2026-12-07T12:00:00Z"))).isTrue();
            assertThat(secrets.secret("db.team-a")).hasValueSatisfying(r -> assertThat(r.sealed()).containsExactly(1, 2, 3));
        }
    }

    @Test
    void open_aSchemaEightDatabase_addsEmptyWorkflowTables_andKeepsTheRest() throws Exception {
        Path db = temp.resolve("skiff.db");
        SqliteStore.open(db).close();
        // The schema 8 as the previous version wrote it: no workflow tables.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("DROP TABLE workflow_jobs");
            s.execute("DROP TABLE workflows");
            s.execute("INSERT INTO namespaces (name, max_functions, max_in_flight, max_instances, max_memory_bytes, created) "
                    + "VALUES ('team-a', 3, 100, 2, 1024, '2026-12-07T10:00:00Z')");
            s.execute("PRAGMA user_version=8");
        }

        try (SqliteStore store = SqliteStore.open(db); SqliteNamespaces namespaces = SqliteNamespaces.open(db);
             SqliteWorkflows workflows = SqliteWorkflows.open(db)) {
            assertThat(userVersion(db)).isEqualTo(10);
            assertThat(namespaces.namespaces()).extracting(NamespaceRow::name).containsExactly("team-a");
            assertThat(workflows.all()).isEmpty();
            WorkflowRecord workflow = new WorkflowRecord("default", "wf-1", "jobs: []", "montage", java.util.Map.of("t", "f"),
                    "/mnt/data/run1", "run1", 8, 1, "2026-12-08T00:00:00Z");
            WorkflowStatus running = new WorkflowStatus(RunState.RUNNING, "2026-12-08T00:00:00Z", null, null);
            assertThat(workflows.insert(workflow, running)).isTrue();
            assertThat(workflows.insert(workflow, running)).isFalse();
            JobEntry job = new JobEntry("a", JobState.SUCCEEDED, 2, "q", "s", "c", "montage-00001", "montage-00001-abc", "act-2",
                    (ObjectNode) Documents.json().readTree("{\"ID\": \"a\"}"), null);
            workflows.saveJob("default", "wf-1", new JobEntry("a", JobState.RUNNING, 1, "q", "s", null, null, null, "act-1",
                    null, null));
            workflows.saveJob("default", "wf-1", job);
            WorkflowStatus failed = new WorkflowStatus(RunState.FAILED, "2026-12-08T00:00:00Z", "2026-12-08T00:01:00Z", "job a");
            workflows.saveStatus("default", "wf-1", failed);

            assertThat(workflows.all()).containsExactly(new WorkflowStore.Stored(workflow, failed, java.util.List.of(job)));
        }
    }

    @Test
    void open_aSchemaNineDatabase_keepsItsJobs_whoseActivationReadsAsNull() throws Exception {
        Path db = temp.resolve("skiff.db");
        SqliteStore.open(db).close();
        // The schema 9 as the previous version wrote it: job entries without an activation.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE workflow_jobs DROP COLUMN activation");
            s.execute("INSERT INTO workflows (namespace, name, text, spec, created, state, started) VALUES ('default', 'wf-1', "
                    + "'jobs: []', '{\"map\": {}, \"rundir\": \"/r\", \"runId\": \"r\", \"parallelism\": 4, \"retries\": 0}', "
                    + "'2026-12-08T00:00:00Z', 'RUNNING', '2026-12-08T00:00:00Z')");
            s.execute("INSERT INTO workflow_jobs (namespace, workflow, id, state, attempts, revision, instance) "
                    + "VALUES ('default', 'wf-1', 'a', 'SUCCEEDED', 1, 'f-00001', 'f-00001-x')");
            s.execute("PRAGMA user_version=9");
        }

        try (SqliteStore store = SqliteStore.open(db); SqliteWorkflows workflows = SqliteWorkflows.open(db)) {
            assertThat(userVersion(db)).isEqualTo(10);
            assertThat(workflows.all()).singleElement().satisfies(stored -> assertThat(stored.jobs()).containsExactly(
                    new JobEntry("a", JobState.SUCCEEDED, 1, null, null, null, "f-00001", "f-00001-x", null, null, null)));
        }
    }
}
