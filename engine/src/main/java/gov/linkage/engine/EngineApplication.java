package gov.linkage.engine;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TimeZone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Embedded Operaton engine with REST API (/engine-rest) and webapps (/operaton).
 * Processes, filters and users are managed from the Node side over REST.
 */
@SpringBootApplication
public class EngineApplication {

  public static void main(String[] args) throws Exception {
    // Cron timers (e.g. the monthly supervision meeting) and dates shown in the webapps follow the
    // JVM's zone: the district works in Asia/Shanghai whatever the server is set to.
    TimeZone.setDefault(TimeZone.getTimeZone(envOr("ENGINE_TIMEZONE", "Asia/Shanghai")));
    // Resolve DATA_DIR here rather than in YAML so a relative value works
    // regardless of the working directory the engine is launched from.
    Path dataDir = Path.of(envOr("DATA_DIR", "./data")).toAbsolutePath().normalize();
    String adminUser = envOr("ENGINE_ADMIN_USER", "admin");
    String adminPassword = AdminCredentials.resolve(dataDir, adminUser, System.getenv("ENGINE_ADMIN_PASSWORD"));

    // Default properties have the lowest precedence; application.yaml refers to
    // engine.data-dir, and the admin password must never be set anywhere else
    // (the starter falls back to password = user id when it is missing).
    Map<String, Object> defaults = new HashMap<>();
    defaults.put("engine.data-dir", dataDir.toString());
    defaults.put("operaton.bpm.admin-user.password", adminPassword);

    SpringApplication app = new SpringApplication(EngineApplication.class);
    app.setDefaultProperties(defaults);
    app.run(args);
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
