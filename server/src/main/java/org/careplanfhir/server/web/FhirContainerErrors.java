package org.careplanfhir.server.web;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Some requests Tomcat refuses itself, before any filter or servlet runs: an encoded slash,
 * backslash or NUL in the path, or a header block over its size limit, for example. Tomcat then writes its own HTML error page. Under
 * {@code /fhir} this answers them as the FHIR endpoint answers every refusal, with an
 * OperationOutcome; elsewhere Tomcat's page stays (without server details, as Spring Boot sets it).
 * The valve sits inside Spring Boot's own, so it answers first.
 */
@Configuration(proxyBeanMethods = false)
class FhirContainerErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers(context -> context.getParent().getPipeline().addValve(new OperationOutcomeValve()));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	static final class OperationOutcomeValve extends ErrorReportValve {

		OperationOutcomeValve() {
			setShowReport(false);
			setShowServerInfo(false);
		}

		@Override
		protected void report(Request request, Response response, Throwable throwable) {
			String path = request.getCoyoteRequest().requestURI().toString();
			int status = response.getStatus();
			if (status < 400 || response.isCommitted() || path == null || !path.startsWith("/fhir")) {
				super.report(request, response, throwable);
				return;
			}
			try {
				response.setContentType("application/fhir+json");
				response.setCharacterEncoding("UTF-8");
				Writer writer = response.getReporter();
				if (writer != null) {
					writer.write(OperationOutcomeResponses.json(status >= 500 ? IssueType.EXCEPTION : IssueType.INVALID,
							"The server refused the request before reading it (HTTP " + status + "): its request line or"
									+ " headers are malformed or too large, for example an encoded slash, backslash or NUL"
									+ " in the path, or more than server.max-http-request-header-size of headers"));
					response.finishResponse();
				}
			}
			catch (IOException | IllegalStateException unwritable) {
				// The client has gone, or the response was already under way: nothing more to tell.
			}
		}

	}

}
