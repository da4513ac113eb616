import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local with two things its command line cannot say (issue 10, points 13 and 17).
 *
 * 1. The address it listens on. DynamoDBLocal.jar has no -host flag: DynamoDBProxyServer builds
 *    `new org.eclipse.jetty.server.Server(port)`, whose connector binds every interface. Before
 *    start, each connector is given the host from -Dbrewline.host (default 127.0.0.1).
 * 2. Dying with its parent. The parent holds the write end of this process's stdin; when the
 *    parent ends, however it ends (SIGKILL, abort, the OOM killer), the kernel closes that end and
 *    the read below sees end-of-file.
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
}
