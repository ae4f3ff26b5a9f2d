package org.careplanfhir.server.authserver.oauth;

import java.time.Duration;

import org.careplanfhir.server.authserver.SecuritySchema;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.web.server.Cookie;
import org.springframework.boot.web.servlet.server.Session;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.config.annotation.web.http.EnableJdbcHttpSession;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * The sign-in session of the web pages (sign-in, patient picker, consent) is kept in the database
 * ({@code spring_session}, created with the other security tables), not in one process's memory:
 * a person who signs in on one instance of a cluster may be sent to another for the consent page,
 * and stays signed in when the server restarts. The FHIR endpoint and the admin API keep no session.
 * The cookie and the idle time-out are as {@code server.servlet.session.*} says.
 */
@Configuration(proxyBeanMethods = false)
@EnableJdbcHttpSession
class SignInSessions {

	@Bean
	CookieSerializer signInSessionCookie(ServerProperties server) {
		Session session = server.getServlet().getSession();
		Cookie cookie = session.getCookie();
		DefaultCookieSerializer serializer = new DefaultCookieSerializer();
		PropertyMapper map = PropertyMapper.get().alwaysApplyingWhenNonNull();
		map.from(cookie::getName).to(serializer::setCookieName);
		map.from(cookie::getDomain).to(serializer::setDomainName);
		map.from(cookie::getPath).to(serializer::setCookiePath);
		map.from(cookie::getHttpOnly).to(serializer::setUseHttpOnlyCookie);
		map.from(cookie::getSecure).to(serializer::setUseSecureCookie);
		map.from(cookie::getMaxAge).as(Duration::getSeconds).as(Long::intValue).to(serializer::setCookieMaxAge);
		map.from(cookie::getSameSite).as(Cookie.SameSite::attributeValue).to(serializer::setSameSite);
		return serializer;
	}

	/**
	 * The idle time-out from {@code server.servlet.session.timeout} and the purge schedule from
	 * {@code spring.session.jdbc.cleanup-cron}: Spring Boot's own session configuration steps aside
	 * for {@code @EnableJdbcHttpSession}, so its keys are applied here.
	 * <p>
	 * The store starts its purge schedule as soon as it is built, and the web server builds it before
	 * the other beans; asking for the {@link SecuritySchema} here creates {@code spring_session} first.
	 */
	@Bean
	SessionRepositoryCustomizer<JdbcIndexedSessionRepository> signInSessionStore(ServerProperties server,
			@Value("${spring.session.jdbc.cleanup-cron:" + JdbcIndexedSessionRepository.DEFAULT_CLEANUP_CRON + "}") String cleanupCron,
			SecuritySchema tablesFirst) {
		return repository -> {
			Duration timeout = server.getServlet().getSession().getTimeout();
			if (timeout != null) {
				repository.setDefaultMaxInactiveInterval(timeout);
			}
			repository.setCleanupCron(cleanupCron);
		};
	}

}
