package gov.linkage.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.cmd.AbstractWritableIdentityServiceCmd;
import org.operaton.bpm.engine.impl.cmd.CheckPassword;
import org.operaton.bpm.engine.impl.cmd.UnlockUserCmd;
import org.operaton.bpm.engine.impl.interceptor.Command;
import org.operaton.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.stereotype.Component;

/**
 * A counter that moves whenever who-is-who may have changed on this engine node: a user, group,
 * tenant or membership written or deleted, a user unlocked, or a password check that failed (which
 * may have locked the user). {@link CachedBasicAuthentication} trusts a remembered credential only
 * while the counter is where it was when the credential was checked.
 *
 * <p>It counts at the command level, so every path is seen: REST, the Admin webapp, the Java API.
 * The counter moves before the command and again after it has committed, so a check that overlaps
 * the change is never kept as current.
 */
@Component
public class IdentityChanges extends AbstractProcessEnginePlugin {

  private static final AtomicLong GENERATION = new AtomicLong();

  static long generation() {
    return GENERATION.get();
  }

  static boolean changesIdentity(Command<?> command) {
    return command instanceof AbstractWritableIdentityServiceCmd || command instanceof UnlockUserCmd;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<CommandInterceptor> interceptors = configuration.getCustomPreCommandInterceptorsTxRequired() == null
        ? new ArrayList<>()
        : new ArrayList<>(configuration.getCustomPreCommandInterceptorsTxRequired());
    interceptors.add(new Watch());
    configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
  }

  static class Watch extends CommandInterceptor {
    @Override
    public <T> T execute(Command<T> command) {
      boolean identity = changesIdentity(command);
      if (identity) GENERATION.incrementAndGet();
      try {
        T result = next.execute(command);
        if (command instanceof CheckPassword && Boolean.FALSE.equals(result)) GENERATION.incrementAndGet();
        return result;
      } finally {
        if (identity) GENERATION.incrementAndGet();
      }
    }
  }
}
