/**
 * The webhook endpoint API's routes, each registered at the method and path of its operation, and
 * those operations in the order the reference shows them.
 */
import { Hono } from "hono";
import type { AppEnv } from "../http/env";
import { deliveryRoutes, listWebhookDeliveriesOperation, retryWebhookDeliveryOperation, sendWebhookTestEventOperation } from "./delivery-routes";
import {
  createWebhookEndpointOperation,
  deleteWebhookEndpointOperation,
  endpointRoutes,
  getWebhookEndpointOperation,
  listWebhookEndpointsOperation,
  rotateWebhookEndpointSecretOperation,
  updateWebhookEndpointOperation,
} from "./endpoint-routes";

export const webhookEndpointRoutes = new Hono<AppEnv>().route("/", endpointRoutes).route("/", deliveryRoutes);

export const webhookEndpointOperations = [
  createWebhookEndpointOperation,
  listWebhookEndpointsOperation,
  getWebhookEndpointOperation,
  updateWebhookEndpointOperation,
  deleteWebhookEndpointOperation,
  rotateWebhookEndpointSecretOperation,
  sendWebhookTestEventOperation,
  listWebhookDeliveriesOperation,
  retryWebhookDeliveryOperation,
];
