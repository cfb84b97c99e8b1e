/**
 * Every AWS name the stack generates for an environment, built here and nowhere else: the
 * constructs name their resources with it, and validation and adoption compare with it.
 */

/**
 * ADR 0084 fixes the app's address, `http://flipt.svc-<env>.local:8080`: the Cloud Map (and ECS)
 * service is `flipt`, in the private DNS namespace `svc-<env>.local`.
 */
export const FLIPT_SERVICE_NAME = "flipt";

/** The names of one environment's resources. */
export interface ResourceNames {
  /** Cloud Map service and ECS service (ADR 0084). */
  readonly service: string;
  /** Cloud Map private DNS namespace (ADR 0084). */
  readonly namespace: string;
  readonly executionRole: string;
  readonly taskRole: string;
  readonly logGroup: string;
  /** KMS alias, with its `alias/` prefix. */
  readonly kmsAlias: string;
  readonly securityGroup: string;
  readonly downAlarm: string;
  readonly taskFamily: string;
  readonly container: string;
  /** The UI's load balancer, target group and security group. */
  readonly ui: string;
  /** Prefix of the EventBridge alert rules' names. */
  readonly alertRulePrefix: string;
}

/** MilMove's names (`ecs-task-role-<service>-<env>`, ...) for environment `env`. */
export function resourceNames(env: string): ResourceNames {
  const suffix = `${FLIPT_SERVICE_NAME}-${env}`;
  return {
    service: FLIPT_SERVICE_NAME,
    namespace: `svc-${env}.local`,
    executionRole: `ecs-task-execution-role-${suffix}`,
    taskRole: `ecs-task-role-${suffix}`,
    logGroup: `ecs-tasks-${suffix}`,
    kmsAlias: `alias/${suffix}`,
    securityGroup: `ecs-${suffix}`,
    downAlarm: `${suffix}-no-running-task`,
    taskFamily: suffix,
    container: suffix,
    ui: `flipt-ui-${env}`,
    alertRulePrefix: suffix,
  };
}

/**
 * AWS's length limits of those names, in characters. The longest environment name validation
 * allows must fit every one (a test holds them so).
 */
export const AWS_NAME_LIMITS: { readonly [K in keyof ResourceNames]: number } = {
  service: 63, // a DNS label
  namespace: 253,
  executionRole: 64,
  taskRole: 64,
  logGroup: 512,
  kmsAlias: 256,
  securityGroup: 255,
  downAlarm: 255,
  taskFamily: 255,
  container: 255,
  ui: 32, // load balancer and target group
  // EventBridge rule names are at most 64, and the longest alert adds `-discovery-unhealthy`.
  alertRulePrefix: 64 - "-discovery-unhealthy".length,
};
