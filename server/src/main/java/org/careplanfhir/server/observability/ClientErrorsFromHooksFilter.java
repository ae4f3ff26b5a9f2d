package org.careplanfhir.server.observability;

import java.util.Iterator;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * HAPI logs every exception a hook throws at ERROR with its stack trace, including the 4xx answers
 * our hooks give on purpose (a write that fails validation is the client's mistake, already recorded
 * by the request log). This drops exactly those lines; anything else a hook throws, and every
 * server error, is logged as before.
 * <p>
 * It filters at the root logger's appenders, so it is asked only about lines that are written. A
 * Logback turbo filter would do the same, but any turbo filter makes every disabled debug or trace
 * check in the process run through it, and HAPI makes such checks for each element it encodes (with
 * Micrometer's, excluded for the same reason, about 2 % of a write's CPU in a profile).
 */
@Component
class ClientErrorsFromHooksFilter extends Filter<ILoggingEvent> implements InitializingBean {

	private static final String HOOK_LOGGER = "ca.uhn.fhir.interceptor.executor.BaseInterceptorService";

	@Override
	public void afterPropertiesSet() {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
			start();
			Iterator<Appender<ILoggingEvent>> appenders = logback.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
			appenders.forEachRemaining(appender -> appender.addFilter(this));
		}
	}

	@Override
	public FilterReply decide(ILoggingEvent event) {
		if (event.getLevel() == Level.ERROR && HOOK_LOGGER.equals(event.getLoggerName())
				&& event.getThrowableProxy() instanceof ThrowableProxy proxy
				&& proxy.getThrowable() instanceof BaseServerResponseException response
				&& response.getStatusCode() < 500) {
			return FilterReply.DENY;
		}
		return FilterReply.NEUTRAL;
	}

}
