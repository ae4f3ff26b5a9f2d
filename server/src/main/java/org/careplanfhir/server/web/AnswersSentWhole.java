package org.careplanfhir.server.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * FHIR answers leave in buffer-sized pieces, not one piece per JSON field: HAPI's encoder flushes
 * after each field, and every flush sent a chunk with a system call of its own (3 to 6 % of the
 * stock starter's CPU on the read mixes, and of ours). An answer that fits in the buffer now goes
 * out whole, with its length; until the first piece leaves, a failure can still be answered as an
 * error rather than a truncated success.
 */
@Configuration(proxyBeanMethods = false)
class AnswersSentWhole {

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> flushesHeld() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				chain.doFilter(request, new FlushesHeldResponse(response));
			}
		});
		registration.addUrlPatterns("/fhir/*");
		registration.setName("flushesHeld");
		registration.setOrder(RequestPipeline.ANSWER_BUFFERING);
		return registration;
	}

}
