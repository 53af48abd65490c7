import express, { type RequestHandler } from 'express';

/** The JSON body parser of the API (the web modeler parses its own, larger bodies). */
export function jsonBody(): RequestHandler {
  return express.json({ limit: '256kb' });
}

/**
 * Intake (POST /api/events) parses its body itself, after the channel's key and rate limit: a
 * flooding channel's refused requests then cost no body parsing (issue 13), and a body that is
 * never parsed is drained by Node's HTTP server.
 */
export function parsesOwnBody(req: { method: string; path: string }): boolean {
  return req.method === 'POST' && req.path === '/api/events';
}

/** The app-wide parser, for every request except those that parse their own body later. */
export function jsonBodyExceptIntake(): RequestHandler {
  const json = jsonBody();
  return (req, res, next) => (parsesOwnBody(req) ? next() : json(req, res, next));
}
