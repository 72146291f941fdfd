package dev.skiff.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Documents;
import dev.skiff.core.workflow.JobState;
import dev.skiff.core.workflow.RunState;
import dev.skiff.server.workflows.JobEntry;
import dev.skiff.server.workflows.WorkflowRecord;
import dev.skiff.server.workflows.WorkflowStatus;
import dev.skiff.server.workflows.WorkflowStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The workflows in the server's SQLite database, on a connection of their own: each workflow's
 * submission and status, and one row per job saved at each change of the job (prepared statements
 * kept open, as jobs change often); {@link SqliteStore} creates the tables.
 */
public final class SqliteWorkflows implements WorkflowStore, AutoCloseable {
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};
    private final Connection connection;
    private final PreparedStatement saveJob;
    private final PreparedStatement saveStatus;

    private SqliteWorkflows(Connection connection) throws SQLException {
        this.connection = connection;
        try (Statement s = connection.createStatement()) {
            // As the store's own connection: in WAL mode a commit then waits for no fsync, and jobs change often.
            s.execute("PRAGMA synchronous=NORMAL");
        }
        this.saveJob = connection.prepareStatement("""
                INSERT INTO workflow_jobs (namespace, workflow, id, state, attempts, queued, started, completed, revision,
                  instance, activation, record, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (namespace, workflow, id) DO UPDATE SET state = excluded.state, attempts = excluded.attempts,
                  queued = excluded.queued, started = excluded.started, completed = excluded.completed,
                  revision = excluded.revision, instance = excluded.instance,
                  activation = excluded.activation, record = excluded.record, error = excluded.error""");
        this.saveStatus = connection.prepareStatement(
                "UPDATE workflows SET state = ?, started = ?, completed = ?, message = ? WHERE namespace = ? AND name = ?");
    }

    /** The workflows and workflow_jobs tables. */
    static void createTables(Statement s) throws SQLException {
        s.execute("""
                CREATE TABLE IF NOT EXISTS workflows (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT,
                  namespace TEXT NOT NULL,
                  name TEXT NOT NULL,
                  text TEXT NOT NULL,
                  spec TEXT NOT NULL,
                  created TEXT NOT NULL,
                  state TEXT NOT NULL,
                  started TEXT NOT NULL,
                  completed TEXT,
                  message TEXT,
                  UNIQUE (namespace, name))""");
        s.execute("""
                CREATE TABLE IF NOT EXISTS workflow_jobs (
                  namespace TEXT NOT NULL,
                  workflow TEXT NOT NULL,
                  id TEXT NOT NULL,
                  state TEXT NOT NULL,
                  attempts INTEGER NOT NULL,
                  queued TEXT,
                  started TEXT,
                  completed TEXT,
                  revision TEXT,
                  instance TEXT,
                  record TEXT,
                  error TEXT,
                  PRIMARY KEY (namespace, workflow, id))""");
    }

    /** Schema version 10: each job's entry keeps the activation id of its last attempt (null in older rows). */
    static void addActivations(Statement s) throws SQLException {
        try (ResultSet columns = s.executeQuery("SELECT 1 FROM pragma_table_info('workflow_jobs') WHERE name = 'activation'")) {
            if (columns.next()) {
                return;
            }
        }
        s.execute("ALTER TABLE workflow_jobs ADD COLUMN activation TEXT");
    }

    /** Opens the workflows of the database at {@code file}, whose schema {@link SqliteStore#open} has made. */
    public static SqliteWorkflows open(Path file) {
        Connection connection = SqliteConnections.open(file);
        try {
            return new SqliteWorkflows(connection);
        } catch (SQLException e) {
            SqliteConnections.close(connection);
            throw new StoreException("cannot prepare the workflow statements: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean insert(WorkflowRecord workflow, WorkflowStatus status) {
        String sql = "INSERT INTO workflows (namespace, name, text, spec, created, state, started, completed, message) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (namespace, name) DO NOTHING";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, workflow.namespace());
            ps.setString(2, workflow.name());
            ps.setString(3, workflow.text());
            ps.setString(4, Documents.json().writeValueAsString(workflow.spec()));
            ps.setString(5, workflow.created());
            ps.setString(6, status.state().name());
            ps.setString(7, status.startTime());
            ps.setString(8, status.completionTime());
            ps.setString(9, status.message());
            return ps.executeUpdate() > 0;
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreException("cannot save the workflow " + workflow.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void saveStatus(String namespace, String name, WorkflowStatus status) {
        try {
            saveStatus.setString(1, status.state().name());
            saveStatus.setString(2, status.startTime());
            saveStatus.setString(3, status.completionTime());
            saveStatus.setString(4, status.message());
            saveStatus.setString(5, namespace);
            saveStatus.setString(6, name);
            saveStatus.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot save the status of workflow " + name + ": " + e.getMessage(), e);
        }
    }

    /** Saves the entries in one transaction: one commit for every change of an answer, however many jobs it moved. */
    @Override
    public synchronized void saveJobs(String namespace, String name, List<JobEntry> jobs) {
        try {
            SqliteConnections.inOneTransaction(connection, () -> {
                for (JobEntry job : jobs) {
                    bind(namespace, name, job);
                    saveJob.addBatch();
                }
                saveJob.executeBatch();
            });
        } catch (SQLException e) {
            throw new StoreException("cannot save " + jobs.size() + " jobs of workflow " + name + ": " + e.getMessage(), e);
        }
    }

    private void bind(String namespace, String name, JobEntry job) throws SQLException {
        saveJob.setString(1, namespace);
        saveJob.setString(2, name);
        saveJob.setString(3, job.id());
        saveJob.setString(4, job.state().name());
        saveJob.setInt(5, job.attempts());
        saveJob.setString(6, job.queuedTime());
        saveJob.setString(7, job.startTime());
        saveJob.setString(8, job.completionTime());
        saveJob.setString(9, job.revision());
        saveJob.setString(10, job.instance());
        saveJob.setString(11, job.activation());
        saveJob.setString(12, job.record() == null ? null : job.record().toString());
        saveJob.setString(13, job.error() == null ? null : job.error().toString());
    }

    @Override
    public synchronized void deleteAll(String namespace) {
        try (PreparedStatement jobs = connection.prepareStatement("DELETE FROM workflow_jobs WHERE namespace = ?");
             PreparedStatement workflows = connection.prepareStatement("DELETE FROM workflows WHERE namespace = ?")) {
            jobs.setString(1, namespace);
            jobs.executeUpdate();
            workflows.setString(1, namespace);
            workflows.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot delete the workflows of namespace " + namespace + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<Stored> all() {
        try (Statement s = connection.createStatement()) {
            List<Stored> found = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT namespace, name, text, spec, created, state, started, completed, message "
                    + "FROM workflows ORDER BY seq")) {
                while (rs.next()) {
                    JsonNode spec = Documents.json().readTree(rs.getString(4));
                    Map<String, String> map = Documents.json().convertValue(spec.get("map"), MAP);
                    WorkflowRecord workflow = new WorkflowRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                            spec.path("function").isTextual() ? spec.get("function").asText() : null, map,
                            spec.get("rundir").asText(), spec.get("runId").asText(), spec.get("parallelism").asInt(),
                            spec.get("retries").asInt(), rs.getString(5));
                    WorkflowStatus status = new WorkflowStatus(RunState.valueOf(rs.getString(6)), rs.getString(7),
                            rs.getString(8), rs.getString(9));
                    found.add(new Stored(workflow, status, List.of()));
                }
            }
            List<Stored> withJobs = new ArrayList<>(found.size());
            for (Stored stored : found) {
                withJobs.add(new Stored(stored.workflow(), stored.status(),
                        jobs(stored.workflow().namespace(), stored.workflow().name())));
            }
            return withJobs;
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreException("cannot read the workflows: " + e.getMessage(), e);
        }
    }

    private List<JobEntry> jobs(String namespace, String name) throws SQLException, JsonProcessingException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT id, state, attempts, queued, started, completed, "
                + "revision, instance, activation, record, error FROM workflow_jobs WHERE namespace = ? AND workflow = ?")) {
            ps.setString(1, namespace);
            ps.setString(2, name);
            List<JobEntry> jobs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.add(new JobEntry(rs.getString(1), JobState.valueOf(rs.getString(2)), rs.getInt(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            object(rs.getString(10)), object(rs.getString(11))));
                }
            }
            return jobs;
        }
    }

    private static ObjectNode object(String json) throws JsonProcessingException {
        return json == null ? null : (ObjectNode) Documents.json().readTree(json);
    }

    /** Closes its connection, and with it the prepared statements. */
    @Override
    public synchronized void close() {
        SqliteConnections.close(connection);
    }
}
