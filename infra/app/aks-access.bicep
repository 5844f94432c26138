// The app identity's roles on one AKS cluster, deployed into the cluster's resource group:
// AKS Cluster User (ARM listClusterUserCredential: API server URL + CA) and, on Azure-RBAC
// clusters, the business-scaler custom roles: the cluster-wide one at cluster scope, each
// namespaced one only at `<cluster id>/namespaces/<ns>` for the namespaces of its setting.
@description('Name of the AKS cluster (in this deployment\'s resource group).')
param clusterName string

@description('Object ID of the app identity.')
param principalId string

@description('Resource ID of the cluster-wide custom role to assign; empty for Kubernetes-RBAC clusters.')
param customRoleId string = ''

@description('Namespaced custom roles, [{ setting, id }] (aks-role.bicep output); empty for Kubernetes-RBAC clusters.')
param namespaceRoles array = []

@description('Namespaces of each namespace setting, e.g. { SECRETS_NAMESPACES: [\'business-scaling-system\'] }.')
param namespaces object = {}

var clusterUserRole = '4abbcc35-e782-43d8-92c5-2d3f1bd2253f'
var grants = flatten(map(namespaceRoles, r => map(namespaces[r.setting], ns => {
  setting: r.setting
  roleId: r.id
  namespace: ns
})))

resource aks 'Microsoft.ContainerService/managedClusters@2024-10-01' existing = {
  name: clusterName
}

// A Kubernetes namespace as an ARM scope (`<cluster id>/namespaces/<ns>`), as AKS accepts for
// role assignments. The type has no Bicep schema (hence BCP081); `existing` reads nothing.
#disable-next-line BCP081
resource namespaceScopes 'Microsoft.ContainerService/managedClusters/namespaces@2024-10-01' existing = [
  for g in grants: {
    parent: aks
    name: g.namespace
  }
]

resource clusterUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(aks.id, principalId, clusterUserRole)
  scope: aks
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', clusterUserRole)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource reconciler 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(customRoleId)) {
  name: guid(aks.id, principalId, 'business-scaler-reconciler')
  scope: aks
  properties: {
    roleDefinitionId: customRoleId
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource namespaced 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (g, i) in grants: {
    name: guid(aks.id, principalId, 'business-scaler', g.setting, g.namespace)
    scope: namespaceScopes[i]
    properties: {
      roleDefinitionId: g.roleId
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]
