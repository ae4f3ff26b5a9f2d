package org.careplanfhir.server.audit;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * A response that calls back once, just before anything of it can reach the client: when the body
 * is first asked for, or the response is flushed, redirected or sent as an error. What the callback
 * records is therefore stored before the client sees the answer.
 */
final class AuditedResponse extends HttpServletResponseWrapper {

	private final Runnable beforeAnswer;

	private boolean answered;

	AuditedResponse(HttpServletResponse response, Runnable beforeAnswer) {
		super(response);
		this.beforeAnswer = beforeAnswer;
	}

	/** Calls back if nothing has yet; for an answer without a body, sent when the filters return. */
	synchronized void answering() {
		if (!answered) {
			answered = true;
			beforeAnswer.run();
		}
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		answering();
		return super.getOutputStream();
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		answering();
		return super.getWriter();
	}

	@Override
	public void flushBuffer() throws IOException {
		answering();
		super.flushBuffer();
	}

	@Override
	public void sendError(int status, String message) throws IOException {
		super.setStatus(status);
		answering();
		super.sendError(status, message);
	}

	@Override
	public void sendError(int status) throws IOException {
		super.setStatus(status);
		answering();
		super.sendError(status);
	}

	@Override
	public void sendRedirect(String location) throws IOException {
		super.setStatus(HttpServletResponse.SC_FOUND);
		answering();
		super.sendRedirect(location);
	}

}
