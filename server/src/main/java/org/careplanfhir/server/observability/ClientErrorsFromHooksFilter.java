package org.careplanfhir.server.observability;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * HAPI logs every exception a hook throws at ERROR with its stack trace, including the 4xx answers
 * our hooks give on purpose (a write that fails validation is the client's mistake, already recorded
 * by the request log). This drops exactly those lines; anything else a hook throws, and every
 * server error, is logged as before.
 */
@Component
class ClientErrorsFromHooksFilter extends TurboFilter implements InitializingBean {

	private static final String HOOK_LOGGER = "ca.uhn.fhir.interceptor.executor.BaseInterceptorService";

	@Override
	public void afterPropertiesSet() {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
			logback.addTurboFilter(this);
			start();
		}
	}

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
			Throwable thrown) {
		if (level == Level.ERROR && HOOK_LOGGER.equals(logger.getName()) && params != null && params.length > 0
				&& params[params.length - 1] instanceof BaseServerResponseException response
				&& response.getStatusCode() < 500) {
			return FilterReply.DENY;
		}
		return FilterReply.NEUTRAL;
	}

}
