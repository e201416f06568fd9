package io.softswitch.trunking;

/**
 * What {@link Router#plan} and {@link Router#planOrigination} decide: a {@link RoutePlan} holding
 * the call's limits, or a {@link RouteDecision.Rejected} that holds nothing.
 */
public sealed interface PlanDecision permits RoutePlan, RouteDecision.Rejected {
}
