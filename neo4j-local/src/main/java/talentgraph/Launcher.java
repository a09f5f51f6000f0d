package talentgraph;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;

/**
 * Neo4j Community embedded, with Bolt on 127.0.0.1 and auth on, for machines
 * without a Docker engine. Driven by `talentgraph neo4j start|stop|status`.
 *
 * Usage: Launcher --port 7687 --data DIR [--pagecache 256m] [--tx-timeout 30s] [--tx-memory 512m]
 * Prints "READY bolt://127.0.0.1:PORT" once Bolt answers; shuts down cleanly on SIGTERM.
 *
 * `--port P1,P2 --data DIR1,DIR2` runs several servers, each with its own store, in
 * this one JVM (the test workers' servers): the Cypher planner's code is then compiled
 * by the JIT once instead of once per JVM (docs/benchmarks.md, the test suite's time).
 */
public final class Launcher {
    private static final int EXIT_PORT_IN_USE = 3;
    private static final int EXIT_USAGE = 2;

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        String[] ports = opts.getOrDefault("port", "7687").split(",");
        String[] stores = opts.getOrDefault("data", "neo4j-data").split(",");
        if (ports.length != stores.length) {
            System.err.println("--port and --data name as many servers as each other");
            System.exit(EXIT_USAGE);
        }
        // Fail before Neo4j spends seconds starting, and name the port.
        for (String port : ports) {
            if (!portFree(Integer.parseInt(port))) {
                System.err.println("port " + port + " on 127.0.0.1 is already in use; choose another with --port");
                System.exit(EXIT_PORT_IN_USE);
            }
        }

        List<DatabaseManagementService> servers = new CopyOnWriteArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            servers.forEach(DatabaseManagementService::shutdown);
            stopped.countDown();
        }, "neo4j-shutdown"));

        StringBuilder ready = new StringBuilder("READY");
        for (int i = 0; i < ports.length; i++) {
            int port = Integer.parseInt(ports[i]);
            Path data = Path.of(stores[i]).toAbsolutePath();
            servers.add(start(port, data, opts));
            ready.append(" bolt://127.0.0.1:").append(port);
        }
        System.out.println(ready);
        System.out.flush();
        stopped.await();
    }

    private static DatabaseManagementService start(int port, Path data, Map<String, String> opts)
            throws IOException {
        Files.createDirectories(data);
        String password = password(data);
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(data)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                // What routing tables (neo4j:// URIs) point clients to: this very server.
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // The server settings that back the read-only Cypher guard (design.md).
                .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                .setConfig(GraphDatabaseSettings.transaction_timeout, duration(opts.getOrDefault("tx-timeout", "30s")))
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, bytes(opts.getOrDefault("tx-memory", "512m")))
                .setConfig(GraphDatabaseSettings.pagecache_memory, bytes(opts.getOrDefault("pagecache", "256m")))
                .build();
        try {
            setPassword(dbms, password);
        } catch (RuntimeException e) {
            System.err.println("could not set the neo4j user's password: " + e.getMessage());
            dbms.shutdown();
            System.exit(1);  // runs the shutdown hook, so the other stores are closed cleanly
        }
        return dbms;
    }

    /**
     * Embedded transactions run with full rights, so the password can be set on
     * every start; that keeps NEO4J_PASSWORD authoritative across restarts.
     */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (QueryExecutionException e) {
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** NEO4J_PASSWORD when set; else one generated on first start and kept in the data folder. */
    private static String password(Path data) throws IOException {
        String fromEnv = System.getenv("NEO4J_PASSWORD");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        Path file = data.resolve("password");
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        byte[] raw = new byte[18];
        new SecureRandom().nextBytes(raw);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Files.writeString(file, generated + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return generated;
    }

    private static Map<String, String> parse(String[] args) {
        java.util.HashMap<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("usage: Launcher --port N[,N...] --data DIR[,DIR...] [--pagecache SIZE] [--tx-timeout DURATION] [--tx-memory SIZE]");
                System.exit(EXIT_USAGE);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }

    private static long bytes(String size) {
        String s = size.toLowerCase();
        long unit = s.endsWith("g") ? 1L << 30 : s.endsWith("m") ? 1L << 20 : s.endsWith("k") ? 1L << 10 : 1L;
        return Long.parseLong(unit == 1L ? s : s.substring(0, s.length() - 1)) * unit;
    }

    private static Duration duration(String text) {
        return Duration.ofSeconds(Long.parseLong(text.replaceAll("s$", "")));
    }
}
