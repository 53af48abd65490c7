package gov.linkage.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Resolves the engine admin password: ENGINE_ADMIN_PASSWORD if set, otherwise
 * the password stored in $DATA_DIR/admin-credentials, generating that file
 * (mode 0600, dotenv format) on first start. The Node side reads the same file.
 */
final class AdminCredentials {

  static final String FILE_NAME = "admin-credentials";
  private static final String PASSWORD_KEY = "ENGINE_ADMIN_PASSWORD";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private AdminCredentials() {
  }

  static String resolve(Path dataDir, String adminUser, String passwordFromEnv) throws IOException {
    if (passwordFromEnv != null && !passwordFromEnv.isEmpty()) {
      return passwordFromEnv;
    }
    Path file = dataDir.resolve(FILE_NAME);
    String password = Files.exists(file) ? read(file) : generateAndWrite(file, adminUser);
    // Only the location is printed, never the password itself.
    System.out.println("Engine admin credentials: " + file);
    return password;
  }

  private static String read(Path file) throws IOException {
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String trimmed = line.trim();
      if (trimmed.startsWith(PASSWORD_KEY + "=")) {
        String value = trimmed.substring(PASSWORD_KEY.length() + 1).trim();
        if (!value.isEmpty()) {
          return value;
        }
      }
    }
    throw new IllegalStateException("No " + PASSWORD_KEY + " in " + file
        + "; fix or delete the file to generate a new password");
  }

  private static String generateAndWrite(Path file, String adminUser) throws IOException {
    byte[] bytes = new byte[18]; // 18 bytes -> 24 url-safe base64 chars, no padding
    new SecureRandom().nextBytes(bytes);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    String content = "ENGINE_ADMIN_USER=" + adminUser + "\n" + PASSWORD_KEY + "=" + password + "\n";

    Files.createDirectories(file.getParent());
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (posix) {
      // Create with 0600 up front so the secret is never readable by others, even briefly.
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      Files.setPosixFilePermissions(file, OWNER_ONLY); // in case a umask interfered
    } else {
      Files.createFile(file);
    }
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return password;
  }
}
