// The user-assigned managed identity the app runs as (storage, App Insights, AKS).
@description('Name of the identity.')
param name string

@description('Region of the identity.')
param location string

@description('Tags of the identity.')
param tags object

resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource ID of the identity.')
output id string = uami.id

@description('Client ID of the identity (AZURE_CLIENT_ID, AzureWebJobsStorage__clientId).')
output clientId string = uami.properties.clientId

@description('Object (principal) ID of the identity: the role assignee and Kubernetes user name.')
output principalId string = uami.properties.principalId
