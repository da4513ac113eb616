import com.almworks.sqlite4java.SQLiteConnection;
import com.almworks.sqlite4java.SQLiteJob;
import com.almworks.sqlite4java.SQLiteQueue;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.shared.access.LocalDBAccess;
import software.amazon.dynamodb.services.local.shared.access.sqlite.SQLiteDBAccess;

/**
 * DynamoDB Local with three things its command line cannot say (issue 10, points 13 and 17).
 *
 * 1. The address it listens on. DynamoDBLocal.jar has no -host flag: DynamoDBProxyServer builds
 *    `new org.eclipse.jetty.server.Server(port)`, whose connector binds every interface. Before
 *    start, each connector is given the host from -Dbrewline.host (default 127.0.0.1).
 * 2. Dying with its parent. The parent holds the write end of this process's stdin; when the
 *    parent ends, however it ends (SIGKILL, abort, the OOM killer), the kernel closes that end and
 *    the read below sees end-of-file.
 * 3. Answering a transaction only once it is committed. SQLiteDBAccess.commitTransaction puts the
 *    COMMIT on its SQLite queue and returns without waiting for it (beginTransaction waits for its
 *    BEGIN), so TransactWriteItems and ExecuteTransaction answer 200 while the COMMIT may still be
 *    queued; a SIGKILL in that window lost acknowledged transactions (2 of 710 over five kills, where
 *    PutItem lost 0 of 2,062). Each database access is wrapped so that commitTransaction then runs an
 *    empty job on the same queue and waits for it: the queue is one thread, first in first out, so
 *    the empty job ends after the COMMIT did. local/test/services/dynamodb-durability.test.ts kills
 *    DynamoDB Local right after acknowledged transactions and finds every one after a restart.
 *
 * Run with Java's source-file launcher (JEP 330; the JRE's jdk.compiler module compiles it in
 * memory, no javac needed) and the jar on the class path; the arguments are the jar's own.
 */
public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    String host = System.getProperty("brewline.host", "127.0.0.1");
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) {
      if (!(connector instanceof ServerConnector)) throw new IllegalStateException("unexpected Jetty connector " + connector);
      ((ServerConnector) connector).setHost(host);
    }
    waitForCommits(proxy);
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // The parent never writes; anything read is ignored.
        }
      } catch (Exception ignored) {
        // A broken pipe means the same as end-of-file: the parent is gone.
      }
      Runtime.getRuntime().halt(0);
    }, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    proxy.start();
    System.out.println("DynamoDB Local listening on " + host + ":" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
  }

  /**
   * The request handler makes one database access per database, when the first request for it
   * arrives, and keeps it in its dbRequestHandlers map: that map is replaced by one that wraps
   * each access as it is put in, before any request can use it.
   */
  private static void waitForCommits(DynamoDBProxyServer proxy) throws Exception {
    LocalDynamoDBRequestHandler handler = (LocalDynamoDBRequestHandler) find(proxy, LocalDynamoDBRequestHandler.class);
    if (handler == null) throw new IllegalStateException("DynamoDB Local has no LocalDynamoDBRequestHandler to wrap");
    Field field = LocalDynamoDBRequestHandler.class.getDeclaredField("dbRequestHandlers");
    field.setAccessible(true);
    @SuppressWarnings("unchecked")
    Map<Object, Object> before = (Map<Object, Object>) field.get(handler);
    ConcurrentHashMap<Object, Object> wrapping = new ConcurrentHashMap<Object, Object>() {
      @Override
      public Object put(Object key, Object value) {
        wrapAccesses(value);
        return super.put(key, value);
      }
    };
    for (Map.Entry<Object, Object> entry : before.entrySet()) wrapping.put(entry.getKey(), entry.getValue());
    field.set(handler, wrapping);
  }

  /** Replaces every LocalDBAccess field reachable from `root` (DynamoDB Local's own objects) with one that waits for its commits. */
  private static void wrapAccesses(Object root) {
    Map<Object, Object> wrapped = new IdentityHashMap<>();
    forEachReachable(root, (owner, field) -> {
      if (field.getType() != LocalDBAccess.class) return;
      Object access = field.get(owner);
      if (!(access instanceof SQLiteDBAccess)) return;
      Object replacement = wrapped.computeIfAbsent(access, (real) -> committing((SQLiteDBAccess) real));
      field.set(owner, replacement);
    });
  }

  private static LocalDBAccess committing(SQLiteDBAccess real) {
    SQLiteQueue queue;
    try {
      Field field = SQLiteDBAccess.class.getDeclaredField("queue");
      field.setAccessible(true);
      queue = (SQLiteQueue) field.get(real);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("SQLiteDBAccess has no queue field", e);
    }
    return (LocalDBAccess) Proxy.newProxyInstance(LocalDBAccess.class.getClassLoader(), new Class<?>[] { LocalDBAccess.class }, (self, method, args) -> {
      Object result;
      try {
        result = method.invoke(real, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (method.getName().equals("commitTransaction")) {
        queue.execute(new SQLiteJob<Object>() {
          @Override
          protected Object job(SQLiteConnection connection) {
            return null;
          }
        }).complete();
      }
      return result;
    });
  }

  private interface FieldVisitor {
    void visit(Object owner, Field field) throws IllegalAccessException;
  }

  /** Visits each instance field of each DynamoDB Local object reachable from `root`, each object once. */
  private static void forEachReachable(Object root, FieldVisitor visitor) {
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<Object> pending = new ArrayDeque<>();
    pending.add(root);
    while (!pending.isEmpty()) {
      Object object = pending.poll();
      if (!seen.add(object)) continue;
      for (Class<?> type = object.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
        if (!type.getName().startsWith("software.amazon.dynamodb.")) continue;
        for (Field field : type.getDeclaredFields()) {
          if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) continue;
          try {
            field.setAccessible(true);
            visitor.visit(object, field);
            Object value = field.get(object);
            if (value != null && value.getClass().getName().startsWith("software.amazon.dynamodb.")) pending.add(value);
          } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot reach " + type.getName() + "." + field.getName(), e);
          }
        }
      }
    }
  }

  private static Object find(Object root, Class<?> wanted) {
    Object[] found = { null };
    forEachReachable(root, (owner, field) -> {
      Object value = field.get(owner);
      if (found[0] == null && wanted.isInstance(value)) found[0] = value;
    });
    return found[0];
  }
}
