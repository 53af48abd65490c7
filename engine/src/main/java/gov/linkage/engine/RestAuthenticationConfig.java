package gov.linkage.engine;

import org.operaton.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The REST API is unauthenticated by default; require HTTP Basic on /engine-rest/*
 * so every call runs as an engine user and authorization checks apply.
 */
@Configuration
public class RestAuthenticationConfig {

  @Bean
  public FilterRegistrationBean<ProcessEngineAuthenticationFilter> restAuthenticationFilter(
      @Value("${linkage.auth-cache-seconds:30}") long authCacheSeconds) {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new AllPathsAuthenticationFilter());
    registration.setName("engine-rest-authentication");
    registration.addUrlPatterns("/engine-rest/*");
    registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        CachedBasicAuthentication.class.getName());
    registration.addInitParameter(AllPathsAuthenticationFilter.CACHE_SECONDS_PARAM, Long.toString(authCacheSeconds));
    return registration;
  }

  /** Both the public REST API and the webapps' internal copy of it serve task queries. */
  @Bean
  public FilterRegistrationBean<OrQueryExpressionFilter> orQueryExpressionFilter() {
    FilterRegistrationBean<OrQueryExpressionFilter> registration = new FilterRegistrationBean<>(new OrQueryExpressionFilter());
    registration.setName("or-query-expression-guard");
    registration.addUrlPatterns("/engine-rest/*", "/operaton/api/engine/*");
    return registration;
  }

  /**
   * The stock filter lets anonymous requests through to /engine (the engine-name
   * listing). We want no anonymous access at all, so every path is authenticated
   * against the default engine unless the URL names another one.
   */
  static class AllPathsAuthenticationFilter extends ProcessEngineAuthenticationFilter {
    static final String CACHE_SECONDS_PARAM = "auth-cache-seconds";

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
      super.init(filterConfig);
      String seconds = filterConfig.getInitParameter(CACHE_SECONDS_PARAM);
      if (seconds != null && authenticationProvider instanceof CachedBasicAuthentication cached) {
        cached.setTtlSeconds(Long.parseLong(seconds));
      }
    }

    @Override
    protected boolean requiresEngineAuthentication(String requestUrl) {
      return true;
    }

    @Override
    protected String extractEngineName(String requestUrl) {
      String name = super.extractEngineName(requestUrl);
      return name == null || name.isEmpty() ? DEFAULT_ENGINE_NAME : name;
    }
  }
}
