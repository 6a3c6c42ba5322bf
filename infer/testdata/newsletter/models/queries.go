// Package models holds the prepared queries, bound by their names in
// queries/*.sql through struct tags.
package models

import "github.com/jmoiron/sqlx"

// Queries are the named queries of queries/, prepared at start-up.
type Queries struct {
	GetSubscriber                   *sqlx.Stmt `query:"get-subscriber"`
	GetSubscriberLists              *sqlx.Stmt `query:"get-subscriber-lists"`
	InsertSubscriber                *sqlx.Stmt `query:"insert-subscriber"`
	UpdateSubscriber                *sqlx.Stmt `query:"update-subscriber"`
	DeleteSubscribers               *sqlx.Stmt `query:"delete-subscribers"`
	AddSubscribersToLists           *sqlx.Stmt `query:"add-subscribers-to-lists"`
	UnsubscribeSubscribersFromLists *sqlx.Stmt `query:"unsubscribe-subscribers-from-lists"`
	BlocklistSubscribers            *sqlx.Stmt `query:"blocklist-subscribers"`
	GetLists                        *sqlx.Stmt `query:"get-lists"`
	CreateList                      *sqlx.Stmt `query:"create-list"`
	UpdateList                      *sqlx.Stmt `query:"update-list"`
	DeleteLists                     *sqlx.Stmt `query:"delete-lists"`
	GetCampaign                     *sqlx.Stmt `query:"get-campaign"`
	CreateCampaign                  *sqlx.Stmt `query:"create-campaign"`
	InsertCampaignLists             *sqlx.Stmt `query:"insert-campaign-lists"`
	UpdateCampaignStatus            *sqlx.Stmt `query:"update-campaign-status"`
	DeleteCampaign                  *sqlx.Stmt `query:"delete-campaign"`
	GetCampaignStats                *sqlx.Stmt `query:"get-campaign-stats"`
	RegisterCampaignView            *sqlx.Stmt `query:"register-campaign-view"`
	NextCampaignSubscribers         *sqlx.Stmt `query:"next-campaign-subscribers"`
	UpdateCampaignCounts            *sqlx.Stmt `query:"update-campaign-counts"`
	GetCampaignLinkCounts           *sqlx.Stmt `query:"get-campaign-link-counts"`
	CreateLink                      *sqlx.Stmt `query:"create-link"`
	RegisterLinkClick               *sqlx.Stmt `query:"register-link-click"`
	GetTemplates                    *sqlx.Stmt `query:"get-templates"`
	CreateTemplate                  *sqlx.Stmt `query:"create-template"`
	UpdateTemplate                  *sqlx.Stmt `query:"update-template"`
	SetDefaultTemplate              *sqlx.Stmt `query:"set-default-template"`
	DeleteTemplate                  *sqlx.Stmt `query:"delete-template"`
	InsertMedia                     *sqlx.Stmt `query:"insert-media"`
	GetMedia                        *sqlx.Stmt `query:"get-media"`
	DeleteMedia                     *sqlx.Stmt `query:"delete-media"`
	GetSettings                     *sqlx.Stmt `query:"get-settings"`
	UpdateSettings                  *sqlx.Stmt `query:"update-settings"`
	GetUsers                        *sqlx.Stmt `query:"get-users"`
	CreateUser                      *sqlx.Stmt `query:"create-user"`
	UpdateUser                      *sqlx.Stmt `query:"update-user"`
	DeleteUser                      *sqlx.Stmt `query:"delete-user"`
	RecordBounce                    *sqlx.Stmt `query:"record-bounce"`
	QueryBounces                    *sqlx.Stmt `query:"query-bounces"`
	DeleteBounces                   *sqlx.Stmt `query:"delete-bounces"`
	GetDashboardCharts              *sqlx.Stmt `query:"get-dashboard-charts"`
	GetDashboardCounts              *sqlx.Stmt `query:"get-dashboard-counts"`
}
