package gov.linkage.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.HttpHeaders;

import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.identity.Group;
import org.operaton.bpm.engine.identity.Tenant;
import org.operaton.bpm.engine.rest.security.auth.AuthenticationResult;
import org.operaton.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;

/**
 * HTTP Basic for the REST API, remembering a verified credential for a short while (issue 9).
 *
 * <p>Why: the stock provider runs three engine commands before every REST call — check the password,
 * list the user's groups, list their tenants — each its own transaction. A worker's fetch-and-lock
 * or completion then costs four transactions instead of one, which the throughput bench showed as
 * most of the engine's commits. Here a successful check is kept, with the groups and tenants it
 * found, for {@code ENGINE_AUTH_CACHE_SECONDS} (default 30; 0 turns the cache off).
 *
 * <p>What stays as strict as before:
 * <ul>
 *   <li>Only successes are kept; a wrong password always goes to the engine, so failed attempts are
 *   counted and users are locked exactly as before.</li>
 *   <li>Every change to users, groups, tenants or memberships, every unlock and every failed password
 *   check on this node forgets everything kept ({@link IdentityChanges}), whatever path made it
 *   (REST, Admin webapp, Java API). Changes made on another engine node are seen after the TTL.</li>
 *   <li>The credential itself is never stored: the key is a SHA-256 of the header with a random salt
 *   drawn when the engine starts.</li>
 *   <li>Authorizations are not cached at all; the engine checks them in every command.</li>
 * </ul>
 */
public class CachedBasicAuthentication extends HttpBasicAuthenticationProvider {

  /** Entries above this are dropped all at once; far more than the platform's users and services. */
  static final int MAX_ENTRIES = 10_000;

  private record Verified(String userId, List<String> groups, List<String> tenants, long generation, long expiresAtNanos) {}

  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  private final byte[] salt = new byte[16];
  private volatile long ttlNanos;

  public CachedBasicAuthentication() {
    new SecureRandom().nextBytes(salt);
    setTtlSeconds(30);
  }

  void setTtlSeconds(long seconds) {
    ttlNanos = Math.max(0, seconds) * 1_000_000_000L;
    verified.clear();
  }

  @Override
  public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (ttlNanos == 0 || header == null || !header.startsWith(BASIC_AUTH_HEADER_PREFIX)) {
      return super.extractAuthenticatedUser(request, engine);
    }
    String key = keyOf(header);
    long now = System.nanoTime();
    Verified known = verified.get(key);
    if (known != null && known.generation() == IdentityChanges.generation() && now < known.expiresAtNanos()) {
      return resultOf(known);
    }
    // Read the generation before asking the engine: a change committed meanwhile makes this entry stale at once.
    long generation = IdentityChanges.generation();
    AuthenticationResult result = super.extractAuthenticatedUser(request, engine);
    if (!result.isAuthenticated()) {
      verified.remove(key);
      return result;
    }
    String userId = result.getAuthenticatedUser();
    Verified fresh = new Verified(userId, groupsOf(engine, userId), tenantsOf(engine, userId), generation, now + ttlNanos);
    if (verified.size() >= MAX_ENTRIES) verified.clear();
    verified.put(key, fresh);
    return resultOf(fresh);
  }

  private static AuthenticationResult resultOf(Verified entry) {
    AuthenticationResult result = AuthenticationResult.successful(entry.userId());
    result.setGroups(entry.groups());
    result.setTenants(entry.tenants());
    return result;
  }

  private String keyOf(String header) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      return HexFormat.of().formatHex(sha.digest(header.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** The same two queries ProcessEngineAuthenticationFilter runs when a provider gives no groups or tenants. */
  private static List<String> groupsOf(ProcessEngine engine, String userId) {
    List<String> ids = new ArrayList<>();
    for (Group group : engine.getIdentityService().createGroupQuery().groupMember(userId).list()) ids.add(group.getId());
    return List.copyOf(ids);
  }

  private static List<String> tenantsOf(ProcessEngine engine, String userId) {
    List<String> ids = new ArrayList<>();
    for (Tenant tenant : engine.getIdentityService().createTenantQuery().userMember(userId).includingGroupsOfUser(true).list()) ids.add(tenant.getId());
    return List.copyOf(ids);
  }
}
